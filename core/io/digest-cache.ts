/**
 * SHA-256 digests of project files, remembered by path, size, mtime and inode (the way git's index
 * trusts stat data), so a rebuild stats its inputs and outputs instead of reading them. Files
 * written in the last two seconds are not remembered: they may change again within one mtime tick.
 * Kept in `.tck/digests.json`; losing it only costs one re-read of each file.
 */
import {lstatSync, readFileSync, statSync, type BigIntStats} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {join, relative} from 'node:path'
import {atomicWriteFile} from './atomic.js'
import {sha256, sha256File} from './digest.js'

const RACY_MS = 2000
/** Small files are read in one call; larger ones are streamed. */
const READ_WHOLE_BELOW = 1 << 20

/** [size, mtime in ns, inode, sha256] */
type Entry = [number, string, number, string]

export class DigestCache {
  #dirty = false

  constructor(
    readonly root: string,
    private readonly entries: Map<string, Entry> = new Map(),
  ) {}

  static file(root: string): string {
    return join(root, '.tck', 'digests.json')
  }

  static async load(root: string): Promise<DigestCache> {
    try {
      const parsed = JSON.parse(await readFile(DigestCache.file(root), 'utf8')) as Record<string, Entry>
      return new DigestCache(root, new Map(Object.entries(parsed)))
    } catch {
      return new DigestCache(root)
    }
  }

  // Synchronous stat and small reads on purpose: on a rebuild of 10,000 tasks, promise-based fs
  // calls cost 5-10x the CPU of the system calls themselves (bench/engine.bench.js).

  /** The file's SHA-256, read only when its stat data (`info`, when the caller has it) differs from the last time. */
  async of(path: string, info: BigIntStats = statSync(path, {bigint: true})): Promise<string> {
    return (await this.#lookup(path, info))[3]
  }

  /** True when `path` is a file (not a link to one) holding `digest` with permission bits `mode`: nothing to restore. */
  async holds(path: string, digest: string, mode: number): Promise<boolean> {
    // lstat: a symlink at `path` is not the file, whatever it points to.
    const info = lstatSync(path, {bigint: true, throwIfNoEntry: false})
    if (!info || !info.isFile() || Number(info.mode & 0o777n) !== mode) return false
    return (await this.#lookup(path, info))[3] === digest
  }

  async #lookup(path: string, info: BigIntStats): Promise<Entry> {
    const key = relative(this.root, path)
    const size = Number(info.size)
    const mtimeNs = info.mtimeNs.toString()
    const ino = Number(info.ino)
    const known = this.entries.get(key)
    if (known && known[0] === size && known[1] === mtimeNs && known[2] === ino) return known
    const digest = size < READ_WHOLE_BELOW ? sha256(readFileSync(path)) : await sha256File(path)
    const entry: Entry = [size, mtimeNs, ino, digest]
    if (Date.now() - Number(info.mtimeMs) >= RACY_MS) {
      this.entries.set(key, entry)
      this.#dirty = true
    } else if (known) {
      this.entries.delete(key)
      this.#dirty = true
    }
    return entry
  }

  async save(): Promise<void> {
    if (!this.#dirty) return
    await atomicWriteFile(DigestCache.file(this.root), JSON.stringify(Object.fromEntries(this.entries)))
    this.#dirty = false
  }
}

const open = new Map<string, Promise<DigestCache>>()

/** One cache per project root and process, loaded on first use. */
export function digestCache(root: string): Promise<DigestCache> {
  let cache = open.get(root)
  if (!cache) open.set(root, (cache = DigestCache.load(root)))
  return cache
}

/** Writes the project's cache if this process opened and changed it. */
export async function saveDigestCache(root: string): Promise<void> {
  await (await open.get(root))?.save()
}
