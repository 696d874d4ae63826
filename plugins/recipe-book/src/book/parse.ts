/**
 * Book files. A package file is a sequence of blocks, each a YAML header between two `---` lines
 * followed by the package's build script up to the next `---` line. A `.book` file is one such
 * file whose first header is the book's own (it has a `book:` key); a directory book has a
 * `book.yaml` and `*.pkg` files anywhere below it, read in path order, which is the book order.
 */
import {readdir, readFile} from 'node:fs/promises'
import {basename, dirname, join, posix, relative} from 'node:path'
import {bookError} from '../runtime.js'
import {bookHeader, packageHeader, readHeader, type BookHeader, type PackageHeader} from './header.js'
import {dependencyKinds, type Book, type Mirror, type Package} from './model.js'
import {parseDependency} from './versions.js'

interface Block {
  header: string
  headerLine: number
  script: string
}

function blocks(text: string, file: string): Block[] {
  const lines = text.split('\n')
  const fences = lines.flatMap((line, index) => (line.trimEnd() === '---' ? [index] : []))
  const before = lines.slice(0, fences[0] ?? lines.length).filter((line) => line.trim() && !line.startsWith('#'))
  if (fences.length === 0 || before.length > 0) {
    const line = fences.length === 0 ? 1 : lines.findIndex((candidate) => candidate.trim() && !candidate.startsWith('#')) + 1
    throw bookError('CONFIG_INVALID', `${file}:${line}: a book file starts with a header between two --- lines`, 'See docs/books.md.')
  }
  if (fences.length % 2 === 1 && fences.length > 1 && fences.at(-1) === lines.length - 1) fences.pop()
  const found: Block[] = []
  for (let index = 0; index < fences.length; index += 2) {
    const open = fences[index]
    const close = fences[index + 1]
    if (close === undefined) throw bookError('CONFIG_INVALID', `${file}:${open + 1}: this header has no closing --- line`)
    const next = fences[index + 2] ?? lines.length
    found.push({
      header: lines.slice(open + 1, close).join('\n'),
      headerLine: open + 2,
      script: lines.slice(close + 1, next).join('\n').trim(),
    })
  }
  return found
}

function toPackage(header: PackageHeader, block: Block, file: string): Package {
  const line = block.headerLine - 1
  const depends = dependencyKinds.flatMap((kind) =>
    header.depends[kind].map((text) => {
      const dependency = parseDependency(text, kind)
      if (!dependency) {
        const at = block.header.split('\n').findIndex((candidate) => candidate.includes(text))
        throw bookError('CONFIG_INVALID', `${file}:${at < 0 ? line : block.headerLine + at}: ${header.name}: depends.${kind}: "${text}" is not "name[:pass] [op version, ...]"`, 'Operators: >= > <= < = !=, e.g. "glibc >= 2.36, < 3".')
      }
      return dependency
    }),
  )
  const sources = header.sources.map((source) => ({
    ...source,
    file: source.file ?? decodeURIComponent(basename(new URL(source.url!, 'file:///').pathname)),
    sha256: source.sha256?.toLowerCase(),
    md5: source.md5?.toLowerCase(),
  }))
  return {
    name: header.name,
    version: header.version,
    pass: header.pass ?? 1,
    sources,
    depends,
    provides: header.provides,
    script: block.script,
    check: header.check,
    files: header.files,
    run: header.run,
    sbu: header.sbu,
    location: {file, line},
  }
}

export function parsePackages(text: string, file: string): {book?: BookHeader & {line: number}; packages: Package[]} {
  const packages: Package[] = []
  let book: (BookHeader & {line: number}) | undefined
  blocks(text, file).forEach((block, index) => {
    if (index === 0 && /^book\s*:/m.test(block.header)) {
      book = {...readHeader(bookHeader, block.header, file, block.headerLine), line: block.headerLine}
      return
    }
    packages.push(toPackage(readHeader(packageHeader, block.header, file, block.headerLine), block, file))
  })
  return {book, packages}
}

function mirror(text: string): Mirror {
  if (text === 'upstream' || text === 'debian') return {kind: text}
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text)) return {kind: 'url', url: text.endsWith('/') ? text : `${text}/`}
  return {kind: 'dir', path: text}
}

async function packageFiles(root: string, dir: string): Promise<string[]> {
  const entries = await readdir(join(root, dir), {recursive: true, withFileTypes: true})
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.pkg'))
    .map((entry) => posix.join(relative(root, entry.parentPath ?? (entry as unknown as {path: string}).path).split('\\').join('/'), entry.name))
    .sort()
}

function toBook(header: BookHeader, file: string, packages: Package[]): Book {
  return {
    name: header.book,
    version: header.version,
    dir: dirname(file),
    file,
    mirrors: header.mirrors.map(mirror),
    env: header.env,
    sbu: header.sbu,
    host: header.host,
    tools: header.tools,
    targets: header.targets,
    recommended: header.recommended,
    optional: header.optional,
    packages,
  }
}

/** Reads a book from `file` (`book.yaml` or a `.book` file), relative to `root`. */
export async function loadBook(root: string, file: string, text?: string): Promise<Book> {
  const content = text ?? (await readFile(join(root, file), 'utf8'))
  if (file.endsWith('.book')) {
    const {book, packages} = parsePackages(content, file)
    if (!book) throw bookError('CONFIG_INVALID', `${file}:1: a .book file's first header names the book (book: NAME)`, 'See docs/books.md.')
    return toBook(book, file, packages)
  }
  const header = readHeader(bookHeader, content, file, 1)
  const packages: Package[] = []
  for (const packageFile of await packageFiles(root, dirname(file))) {
    packages.push(...parsePackages(await readFile(join(root, packageFile), 'utf8'), packageFile).packages)
  }
  return toBook(header, file, packages)
}
