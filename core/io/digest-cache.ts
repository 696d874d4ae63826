/**
 * SHA-256 digests of files, remembered by path, size, mtime, inode and ctime (the way git's index
 * trusts stat data; ctime cannot be set back, so an edit that restores the mtime still shows), so a
 * rebuild stats its inputs, outputs, headers and compilers instead of reading them. Files written
 * in the last two seconds are not remembered: they may change again within one mtime tick.
 * A section of the project state (`.tck/digests.json`); losing it only costs one re-read of each file.
 */
import {lstatSync, readFileSync, statSync, type BigIntStats} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {join, relative} from 'node:path'
import type {ProjectState, StateSection} from '../engine/state.js'
import {atomicWriteFile} from './atomic.js'
import {sha256, sha256File} from './digest.js'

const RACY_MS = 2000
/** Small files are read in one call; larger ones are streamed. */
const READ_WHOLE_BELOW = 1 << 20

/** [size, mtime in ns, inode, sha256, ctime in ns] */
type Entry = [number, string, number, string, string]

const SECTION = 'digests'

function parseEntries(saved: unknown): Map<string, Entry> {
  if (!saved || typeof saved !== 'object' || Array.isArray(saved)) return new Map()
  return new Map(Object.entries(saved as Record<string, Entry>).filter(([, entry]) => Array.isArray(entry) && entry.length === 5))
}

/** Told of every file the cache vouches for (how it was looked at — `l`: the link itself —, its stat data and digest) and of every path a reader found missing. */
export interface DigestObserver {
  file(path: string, how: 's' | 'l', info: BigIntStats, digest?: string): void
  exists(path: string, present: boolean): void
}

export class DigestCache implements StateSection {
  #dirty = false
  /** The build's no-change observations (engine/unchanged), when a build opened the cache. */
  observer?: DigestObserver

  constructor(
    readonly root: string,
    private readonly entries: Map<string, Entry> = new Map(),
  ) {}

  static file(root: string): string {
    return join(root, '.tck', `${SECTION}.json`)
  }

  /** The cache of a project's state; paths are remembered relative to `root`. */
  static open(state: ProjectState, root: string): Promise<DigestCache> {
    return state.section(SECTION, async () => new DigestCache(root, parseEntries(await state.read(SECTION))))
  }

  /** The cache as `.tck/digests.json` under `root` holds it, outside any build (tests, tools). */
  static async load(root: string): Promise<DigestCache> {
    return new DigestCache(root, parseEntries(await readFile(DigestCache.file(root), 'utf8').then(JSON.parse).catch(() => undefined)))
  }

  get dirty(): boolean {
    return this.#dirty
  }

  // Synchronous stat and small reads on purpose: on a rebuild of 10,000 tasks, promise-based fs
  // calls cost 5-10x the CPU of the system calls themselves (bench/engine.bench.js).

  /** The file's SHA-256, read only when its stat data (`info`, when the caller has it) differs from the last time. */
  async of(path: string, info: BigIntStats = statSync(path, {bigint: true})): Promise<string> {
    return (await this.#lookup(path, info, 's'))[3]
  }

  /** True when `path` is a file (not a link to one) holding `digest` with permission bits `mode`: nothing to restore. */
  async holds(path: string, digest: string, mode: number): Promise<boolean> {
    // lstat: a symlink at `path` is not the file, whatever it points to.
    const info = lstatSync(path, {bigint: true, throwIfNoEntry: false})
    if (!info || !info.isFile() || Number(info.mode & 0o777n) !== mode) return false
    return (await this.#lookup(path, info, 'l'))[3] === digest
  }

  async #lookup(path: string, info: BigIntStats, how: 's' | 'l'): Promise<Entry> {
    const entry = await this.#entry(path, info)
    this.observer?.file(path, how, info, entry[3])
    return entry
  }

  async #entry(path: string, info: BigIntStats): Promise<Entry> {
    const key = relative(this.root, path)
    const size = Number(info.size)
    const mtimeNs = info.mtimeNs.toString()
    const ino = Number(info.ino)
    const ctimeNs = info.ctimeNs.toString()
    const known = this.entries.get(key)
    if (known && known[0] === size && known[1] === mtimeNs && known[2] === ino && known[4] === ctimeNs) return known
    const digest = size < READ_WHOLE_BELOW ? sha256(readFileSync(path)) : await sha256File(path)
    const entry: Entry = [size, mtimeNs, ino, digest, ctimeNs]
    if (Date.now() - Math.max(Number(info.mtimeMs), Number(info.ctimeMs)) >= RACY_MS) {
      this.entries.set(key, entry)
      this.#dirty = true
    } else if (known) {
      this.entries.delete(key)
      this.#dirty = true
    }
    return entry
  }

  /** Writes `.tck/digests.json` under `dir` (the state directory; the project's `.tck/` when absent). */
  async save(dir = join(this.root, '.tck')): Promise<void> {
    if (!this.#dirty) return
    await atomicWriteFile(join(dir, `${SECTION}.json`), JSON.stringify(Object.fromEntries(this.entries)))
    this.#dirty = false
  }
}
