/**
 * How many decompressed bytes one extraction may read: the cap that stops a decompression bomb
 * (a 1 MB tar.gz can hold 1 GiB of zeros) before its bytes reach the disk. TCK_ARCHIVE_MAX_BYTES
 * wins (the user's word), then the caller's limit, then what the archive's container declares,
 * then 16 GiB.
 */
import {spawnSync} from 'node:child_process'
import {open, stat} from 'node:fs/promises'
import {formatSize, parseSize} from '../../store/size.js'
import {which} from '../tools.js'

export const DEFAULT_LIMIT = 16 * 2 ** 30

export interface SizeLimit {
  bytes: number
  source: 'option' | 'env' | 'declared' | 'default'
}

const because: Record<SizeLimit['source'], string> = {
  option: "the caller's limit",
  env: 'TCK_ARCHIVE_MAX_BYTES',
  declared: 'the size it declares',
  default: 'the default',
}

export function describeLimit(limit: SizeLimit): string {
  return `${formatSize(limit.bytes)} (${because[limit.source]})`
}

/**
 * gzip's trailer holds the size modulo 2^32 (of the last member). Deflate expands at most 1032
 * times, so below this compressed size the field cannot have wrapped.
 */
const GZIP_EXACT_BELOW = Math.floor(2 ** 32 / 1032)

async function gzipDeclared(path: string, size: number): Promise<number | undefined> {
  if (size < 18 || size >= GZIP_EXACT_BELOW) return undefined
  const handle = await open(path, 'r')
  try {
    const trailer = Buffer.alloc(4)
    await handle.read(trailer, 0, 4, size - 4)
    return trailer.readUInt32LE(0)
  } finally {
    await handle.close()
  }
}

/** xz keeps an index of every block's sizes at the end of each stream; `--list` reads only that. */
function xzDeclared(path: string): number | undefined {
  const xz = which('xz')
  if (!xz) return undefined
  const listed = spawnSync(xz, ['--robot', '--list', path], {encoding: 'utf8'})
  const totals = listed.status === 0 ? listed.stdout.split('\n').find((line) => line.startsWith('totals\t')) : undefined
  const uncompressed = Number(totals?.split('\t')[4])
  return Number.isSafeInteger(uncompressed) ? uncompressed : undefined
}

/**
 * The tar stream's length as the compressed container states it; undefined when it does not say
 * (zstd frames from a pipe, a large gzip) or cannot lie (a plain tar, whose end is its end).
 */
export async function declaredSize(path: string, format: string): Promise<number | undefined> {
  if (format === 'tar.gz') return gzipDeclared(path, (await stat(path)).size)
  if (format === 'tar.xz') return xzDeclared(path)
  return undefined
}

export async function sizeLimit(path: string, format: string, maxBytes?: number): Promise<SizeLimit> {
  const env = process.env.TCK_ARCHIVE_MAX_BYTES
  if (env) return {bytes: parseSize(env, 'TCK_ARCHIVE_MAX_BYTES'), source: 'env'}
  if (maxBytes !== undefined) return {bytes: maxBytes, source: 'option'}
  const declared = await declaredSize(path, format)
  return declared !== undefined && declared < DEFAULT_LIMIT ? {bytes: declared, source: 'declared'} : {bytes: DEFAULT_LIMIT, source: 'default'}
}
