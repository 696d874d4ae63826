/**
 * Writes an imported book as a directory book: `book.yaml` and one `.pkg` file per package,
 * numbered in book order. The directory is written whole under a temporary name and renamed into
 * place, so a failed import leaves nothing half-written.
 */
import {mkdir, readdir, rename, rm, writeFile} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import {stringify} from 'yaml'
import {bookError} from '../runtime.js'

export interface ImportedPackage {
  header: {
    name: string
    version: string
    pass?: number
    description?: string
    sources?: Array<{url?: string; file?: string; sha256?: string; md5?: string; debian?: string}>
    depends?: Partial<Record<'required' | 'recommended' | 'optional' | 'runtime' | 'check', string[]>>
    provides?: string[]
    check?: string
    files?: string[]
    run?: string[]
    sbu?: number
  }
  script: string
}

export interface ImportedBook {
  header: Record<string, unknown> & {book: string}
  packages: ImportedPackage[]
  warnings: string[]
}

/** Drops empty lists, empty maps and undefined values, so headers say only what is there. */
function compact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(compact)
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).map(([key, inner]) => [key, compact(inner)] as const)
    return Object.fromEntries(entries.filter(([, inner]) => inner !== undefined && !(Array.isArray(inner) && inner.length === 0) && !(inner && typeof inner === 'object' && !Array.isArray(inner) && Object.keys(inner).length === 0)))
  }
  return value
}

export function packageText(pkg: ImportedPackage): string {
  const script = pkg.script.split('\n').map((line) => (line.trimEnd() === '---' ? ` ${line}` : line)).join('\n')
  return `---\n${stringify(compact(pkg.header), {lineWidth: 0})}---\n${script}\n`
}

export function packageFileName(pkg: ImportedPackage, index: number, width: number): string {
  const pass = pkg.header.pass && pkg.header.pass > 1 ? `-pass${pkg.header.pass}` : pkg.header.pass === 1 ? '-pass1' : ''
  return `${String(index + 1).padStart(width, '0')}-${pkg.header.name}${pass}.pkg`
}

export async function writeBook(dir: string, book: ImportedBook, options: {force?: boolean} = {}): Promise<string[]> {
  const existing = await readdir(dir).catch(() => [])
  if (existing.length > 0 && !options.force) {
    throw bookError('USAGE', `${dir} already exists and is not empty`, 'Pass --force to replace it, or choose another --out directory.')
  }
  const temporary = join(dirname(dir), `.${basename(dir)}.import-${process.pid}`)
  await rm(temporary, {recursive: true, force: true})
  await mkdir(join(temporary, 'packages'), {recursive: true})
  await writeFile(join(temporary, 'book.yaml'), stringify(compact(book.header), {lineWidth: 0}))
  const width = String(book.packages.length).length
  const files = book.packages.map((pkg, index) => join('packages', packageFileName(pkg, index, width)))
  await Promise.all(book.packages.map((pkg, index) => writeFile(join(temporary, files[index]), packageText(pkg))))
  if (existing.length > 0) await rm(dir, {recursive: true, force: true})
  await mkdir(dirname(dir), {recursive: true})
  await rename(temporary, dir)
  return files
}
