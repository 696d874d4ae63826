/**
 * Writes archive entries under one root and refuses anything that could land outside it:
 * absolute names, `..`, NUL bytes, symbolic or hard links that point out, device files, writes
 * through a symbolic link, and more bytes than the size limit. Symbolic links are created last,
 * so no entry is ever written through one, and each chain is followed again once all exist.
 * Metadata calls and small writes are synchronous: a toolchain has thousands of small files, and
 * a round trip through libuv's thread pool per call made extraction ten times slower than tar.
 */
import {closeSync, linkSync, lstatSync, mkdirSync, openSync, symlinkSync, unlinkSync, writeSync, type Stats} from 'node:fs'
import {open, rm} from 'node:fs/promises'
import {join, posix} from 'node:path'
import {TckError} from '../../errors.js'
import {formatSize} from '../../store/size.js'
import {damaged, shown} from './errors.js'
import {DEFAULT_LIMIT, describeLimit, type SizeLimit} from './limit.js'
import {resolveUnder} from './links.js'

/** Files up to this size are written in one synchronous call. */
const SMALL_FILE = 1 << 20

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path)
  } catch {
    return undefined
  }
}

async function collect(body: AsyncIterable<Buffer>): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of body) chunks.push(chunk)
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)
}

export type EntryKind = 'file' | 'directory' | 'symlink' | 'hardlink' | 'device' | 'fifo' | 'other'

export class SafeTree {
  readonly #realDirs = new Set<string>([''])
  /** Directories this extraction made: nothing but our own entries can be inside them. */
  readonly #madeDirs = new Set<string>()
  readonly #written = new Set<string>()
  readonly #symlinks: Array<{path: string; target: string; entry: string}> = []
  files = 0
  bytes = 0
  /** Decompressed bytes the reader has taken in, counted against the limit. */
  read = 0
  /** The entry being extracted, for errors the reader or the file system raise. */
  current: string | undefined

  constructor(
    readonly root: string,
    readonly label: string,
    readonly stripComponents = 0,
    readonly limit: SizeLimit = {bytes: DEFAULT_LIMIT, source: 'default'},
  ) {}

  unsafe(entry: string, why: string): TckError {
    return new TckError('ARCHIVE_UNSAFE', `archive ${this.label}: entry "${shown(entry)}" ${why}; nothing was extracted`, {
      hint: 'The archive is malformed or malicious; get it from a trusted source.',
    })
  }

  damaged(why: string, entry = this.current): TckError {
    return damaged(this.label, entry, why)
  }

  /** Starts an entry: its path relative to the root, after stripping; undefined when stripping removes it all. */
  enter(name: string): string | undefined {
    this.current = name
    return this.relativePath(name)
  }

  /** Reserves `bytes` of decompressed input for the current entry before it is read. */
  account(bytes: number): void {
    this.read += bytes
    if (this.read > this.limit.bytes) throw this.overLimit()
  }

  overLimit(): TckError {
    if (this.limit.source === 'declared') {
      return this.damaged(`it holds more than the ${formatSize(this.limit.bytes)} the archive declares (damaged or forged)`)
    }
    const what = this.current === undefined ? 'it decompresses' : `entry "${shown(this.current)}" takes the archive`
    return new TckError('ARCHIVE_UNSAFE', `archive ${this.label}: ${what} past its limit of ${describeLimit(this.limit)}; nothing was extracted`, {
      hint: 'A decompression bomb, or an archive bigger than it says: if you trust it, set TCK_ARCHIVE_MAX_BYTES (e.g. 32G).',
    })
  }

  relativePath(name: string, entry = name, strip = this.stripComponents): string | undefined {
    if (name.includes('\0')) throw this.unsafe(entry, 'has a NUL byte in its name')
    if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) throw this.unsafe(entry, 'has an absolute path')
    const parts = name.split('/').filter((part) => part !== '' && part !== '.')
    if (parts.includes('..')) throw this.unsafe(entry, 'climbs out with ".."')
    const kept = parts.slice(strip)
    return kept.length > 0 ? kept.join('/') : undefined
  }

  async #ensureDirectory(rel: string, entry: string): Promise<void> {
    if (this.#realDirs.has(rel)) return
    await this.#ensureDirectory(posix.dirname(rel) === '.' ? '' : posix.dirname(rel), entry)
    const path = join(this.root, rel)
    const parent = posix.dirname(rel) === '.' ? '' : posix.dirname(rel)
    const info = this.#madeDirs.has(parent) && !this.#written.has(rel) ? undefined : lstatOrUndefined(path)
    if (!info) {
      mkdirSync(path, {mode: 0o755})
      this.#madeDirs.add(rel)
    } else if (info.isSymbolicLink()) throw this.unsafe(entry, `is written through the symbolic link ${rel}`)
    else if (!info.isDirectory()) throw this.unsafe(entry, `needs ${rel} to be a directory, but it is a file`)
    this.#realDirs.add(rel)
  }

  async #prepareLeaf(rel: string, entry: string): Promise<string> {
    const parent = posix.dirname(rel) === '.' ? '' : posix.dirname(rel)
    await this.#ensureDirectory(parent, entry)
    const path = join(this.root, rel)
    const info = this.#madeDirs.has(parent) && !this.#written.has(rel) ? undefined : lstatOrUndefined(path)
    if (info?.isDirectory()) throw this.unsafe(entry, 'replaces a directory with a file')
    // A later entry replaces an earlier one (tar semantics); unlinking first never writes through a link.
    if (info) unlinkSync(path)
    this.#written.add(rel)
    return path
  }

  async directory(rel: string, entry: string): Promise<void> {
    await this.#ensureDirectory(rel, entry)
  }

  async file(rel: string, entry: string, mode: number, body: AsyncIterable<Buffer> | Buffer, size = Buffer.isBuffer(body) ? body.length : Infinity): Promise<void> {
    const path = await this.#prepareLeaf(rel, entry)
    // setuid/setgid/sticky never survive extraction; the owner can always read and write.
    const permissions = (mode & 0o777) | 0o600
    if (Buffer.isBuffer(body) || size <= SMALL_FILE) {
      const data = Buffer.isBuffer(body) ? body : await collect(body)
      const fd = openSync(path, 'wx', permissions)
      try {
        writeSync(fd, data)
      } finally {
        closeSync(fd)
      }
      this.bytes += data.length
    } else {
      const handle = await open(path, 'wx', permissions)
      try {
        for await (const chunk of body) {
          await handle.write(chunk)
          this.bytes += chunk.length
        }
      } finally {
        await handle.close()
      }
    }
    this.files += 1
  }

  async hardlink(rel: string, entry: string, targetName: string): Promise<void> {
    const target = this.relativePath(targetName, entry)
    if (!target) throw this.unsafe(entry, `is a hard link to "${targetName}", which is outside the extracted tree`)
    const info = lstatOrUndefined(join(this.root, target))
    if (!info?.isFile()) throw this.unsafe(entry, `is a hard link to "${targetName}", which is not a file extracted before it`)
    const path = await this.#prepareLeaf(rel, entry)
    linkSync(join(this.root, target), path)
    this.files += 1
  }

  symlink(rel: string, entry: string, target: string): void {
    if (target.includes('\0')) throw this.unsafe(entry, 'has a NUL byte in its link target')
    if (target.startsWith('/')) throw this.unsafe(entry, `is a symbolic link to the absolute path ${target}`)
    const resolved = posix.normalize(posix.join(posix.dirname(rel), target))
    if (resolved === '..' || resolved.startsWith('../')) throw this.unsafe(entry, `is a symbolic link to ${target}, outside the extracted tree`)
    this.#symlinks.push({path: rel, target, entry})
  }

  refuse(kind: EntryKind, entry: string): never {
    throw this.unsafe(entry, kind === 'device' ? 'is a device file' : kind === 'fifo' ? 'is a FIFO' : 'has an entry type tck does not extract')
  }

  /**
   * Creates the symbolic links, then follows each chain, dangling or not: one that leads outside
   * the root, or loops, fails the archive and is removed.
   */
  async finish(): Promise<void> {
    for (const {path, target, entry} of this.#symlinks) {
      this.current = entry
      const full = await this.#prepareLeaf(path, entry)
      symlinkSync(target, full)
    }
    for (const {path, entry, target} of this.#symlinks) {
      const resolution = resolveUnder(this.root, path)
      if (resolution === 'inside') continue
      await Promise.all(this.#symlinks.map((link) => rm(join(this.root, link.path), {force: true})))
      throw this.unsafe(entry, resolution === 'loop' ? `is a symbolic link to ${target}, part of a loop of symbolic links` : `is a symbolic link to ${target}, which resolves outside the extracted tree`)
    }
  }
}
