/**
 * `tck book import lfs|blfs DIR`: read the book's XML, optionally keep a slice of it (`--only`)
 * and take the sources from Debian's archive (`--sources debian`), and write a directory book.
 */
import {resolve} from 'node:path'
import {bookError} from '../runtime.js'
import {debianOrig} from '../sources/debian.js'
import {importBlfs} from './blfs.js'
import {importLfs} from './lfs.js'
import {writeBook, type ImportedBook, type ImportedPackage} from './write.js'

export interface ImportOptions {
  out: string
  only?: string[]
  sources?: 'book' | 'debian'
  /** Debian package names for book packages named otherwise (`xz: xz-utils`). */
  debianNames?: Record<string, string>
  revision?: 'sysv' | 'systemd'
  /** The imported book's name (default: lfs, blfs, and <book>-slice for a slice). */
  name?: string
  force?: boolean
}

export interface ImportSummary {
  book: string
  out: string
  packages: number
  withDependencies: number
  files: string[]
  warnings: string[]
}

/**
 * The named packages (each its last pass) and nothing else. Their dependencies on packages left
 * out, and on earlier passes (LFS's temporary tools), are dropped: in a slice those are the
 * host's business.
 */
export function slice(book: ImportedBook, names: string[]): ImportedBook {
  const missing = names.filter((name) => !book.packages.some((pkg) => pkg.header.name === name))
  if (missing.length > 0) throw bookError('USAGE', `the book has no package ${missing.join(', ')}`)
  const kept = names.map((name) => book.packages.filter((pkg) => pkg.header.name === name).at(-1)!)
  const packages = book.packages.filter((pkg) => kept.includes(pkg)).map((pkg): ImportedPackage => {
    const depends = Object.fromEntries(Object.entries(pkg.header.depends ?? {}).map(([kind, list]) => [kind, (list ?? []).filter((dep) => names.includes(dep) && dep !== pkg.header.name)]))
    return {header: {...pkg.header, pass: undefined, depends}, script: pkg.script}
  })
  const sbu = packages[0]?.header.name
  return {...book, header: {...book.header, book: `${book.header.book}-slice`, sbu, description: `${book.header.description} (slice: ${names.join(', ')})`}, packages}
}

/** Book packages whose name is no Debian package (binary or source) name; `--debian-names` adds more. */
const debianNames: Record<string, string> = {xz: 'xz-utils', 'procps-ng': 'procps', 'xml-parser': 'libxml-parser-perl'}

/** Each package's sources become Debian's upstream tarball of the same package, with its version. */
export async function fromDebian(book: ImportedBook, names: Record<string, string> = {}, onProgress?: (line: string) => void): Promise<ImportedBook> {
  const packages: ImportedPackage[] = []
  for (const pkg of book.packages) {
    const orig = await debianOrig(names[pkg.header.name] ?? debianNames[pkg.header.name] ?? pkg.header.name)
    onProgress?.(`${pkg.header.name}: Debian ${orig.source} ${orig.version} (${orig.file})`)
    const description = `${pkg.header.description ?? pkg.header.name}, the book's commands on Debian's ${orig.source} ${orig.version}`
    packages.push({header: {...pkg.header, version: orig.version, description, sources: [{file: orig.file, sha256: orig.sha256, debian: orig.source}]}, script: pkg.script})
  }
  return {...book, header: {...book.header, mirrors: ['debian']}, packages}
}

export async function runImport(kind: 'lfs' | 'blfs', dir: string, options: ImportOptions, onProgress?: (line: string) => void): Promise<ImportSummary> {
  let book = kind === 'lfs' ? importLfs(resolve(dir), {revision: options.revision}) : importBlfs(resolve(dir), {revision: options.revision})
  if (book.packages.length === 0) throw bookError('USAGE', `${dir} holds no ${kind.toUpperCase()} packages`, `Give the directory of the unpacked ${kind.toUpperCase()} book (the one with index.xml).`)
  if (options.only) book = slice(book, options.only)
  if (options.sources === 'debian') book = await fromDebian(book, options.debianNames, onProgress)
  if (options.name) book = {...book, header: {...book.header, book: options.name}}
  const files = await writeBook(resolve(options.out), book, {force: options.force})
  const withDependencies = book.packages.filter((pkg) => Object.values(pkg.header.depends ?? {}).some((list) => (list ?? []).length > 0)).length
  return {book: book.header.book, out: options.out, packages: book.packages.length, withDependencies, files, warnings: book.warnings}
}
