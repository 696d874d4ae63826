/** Sizes as people write them: `2G`, `500M`, `1.5GiB`, `4096` (bytes); powers of 1024. */
import {TckError} from '../errors.js'

const units: Record<string, number> = {'': 1, b: 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40}

export function parseSize(text: string, where = 'size'): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text)
  if (!match) {
    throw new TckError('USAGE', `${where}: "${text}" is not a size`, {hint: 'Write it like 2G, 500M, 1.5GiB or a number of bytes.'})
  }
  return Math.floor(Number(match[1]) * units[match[2].toLowerCase()])
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  const exponent = Math.min(4, Math.floor(Math.log2(bytes) / 10))
  return `${(bytes / 2 ** (10 * exponent)).toFixed(1)} ${['B', 'KiB', 'MiB', 'GiB', 'TiB'][exponent]}`
}
