/** A cache level in a local directory: verified on every read, atomic on every write, shared safely by many processes. */
import {readFileSync, statSync} from 'node:fs'
import {link, readFile, rm, stat, utimes} from 'node:fs/promises'
import {dirname} from 'node:path'
import type {ActionResult, CacheLevel, CacheStats, TckApi} from 'tck'
import {decodeBlob, encodeBlob} from './format.js'
import {Layout} from './layout.js'
import {hashFile, readBlobToFile, writeBlobFromFile} from './stream.js'
import {collectGarbage, readCounters, sumEntries, sumTemps} from './maintenance.js'

export interface FsLevelOptions {
  dir: string
  readOnly: boolean
  /** `zstd` (default) or `none`: uncompressed blobs can be hardlinked into the project. */
  compression: 'zstd' | 'none'
  level: number
}

/** Reading an entry marks it used for LRU eviction, at most once a minute to spare the disk. */
const TOUCH_AFTER_MS = 60_000
/** Below this a blob is read and written whole, synchronously; above it, streamed. */
const SMALL_FILE = 1 << 20

export class FsLevel implements CacheLevel {
  readonly name: string
  readonly readOnly: boolean
  readonly layout: Layout
  readonly counts = {hits: 0, misses: 0, corrupt: 0}

  constructor(readonly api: TckApi, readonly options: FsLevelOptions) {
    this.name = options.dir
    this.readOnly = options.readOnly
    this.layout = new Layout(options.dir)
  }

  get #raw(): boolean {
    return this.options.compression === 'none'
  }

  async #touch(path: string, mtimeMs: number): Promise<void> {
    if (this.readOnly || Date.now() - mtimeMs < TOUCH_AFTER_MS) return
    const now = new Date()
    await utimes(path, now, now).catch(() => undefined)
  }

  /** A damaged entry is removed and reported; the caller treats it as absent. */
  async #discard(path: string, reason: string): Promise<undefined> {
    this.counts.corrupt += 1
    this.api.log.warn(`cache-fs: removed corrupt entry ${path} (${reason})`)
    if (!this.readOnly) await rm(path, {force: true})
    return undefined
  }

  async #find(digest: string): Promise<{path: string; raw: boolean; size: number; mtimeMs: number} | undefined> {
    for (const raw of this.#raw ? [true, false] : [false, true]) {
      const path = this.layout.blob(digest, raw)
      const info = await stat(path).catch(() => undefined)
      if (info) return {path, raw, size: info.size, mtimeMs: info.mtimeMs}
    }
    return undefined
  }

  async hasBlob(digest: string): Promise<boolean> {
    return (await this.#find(digest)) !== undefined
  }

  async getBlob(digest: string): Promise<Buffer | undefined> {
    const found = await this.#find(digest)
    if (!found) return undefined
    const file = await readFile(found.path).catch(() => undefined)
    if (!file) return undefined
    let data: Buffer
    try {
      data = found.raw ? file : decodeBlob(await this.api.zstd(), file)
    } catch (error) {
      return this.#discard(found.path, (error as Error).message)
    }
    if (this.api.sha256(data) !== digest) return this.#discard(found.path, 'content does not match its digest')
    await this.#touch(found.path, found.mtimeMs)
    return data
  }

  /** Already stored in this level's own format: nothing to write. */
  #stored(digest: string): boolean {
    return statSync(this.layout.blob(digest, this.#raw), {throwIfNoEntry: false}) !== undefined
  }

  /** Blobs held in memory are small: written synchronously (see Layout.writeAtomicSync). */
  async putBlob(digest: string, data: Buffer, mode = 0o644): Promise<void> {
    if (this.#stored(digest)) return
    if (this.api.sha256(data) !== digest) throw new Error(`refusing to store a blob under the wrong digest ${digest}`)
    const parts = this.#raw ? [data] : encodeBlob(await this.api.zstd(), data, this.options.level)
    this.layout.writeAtomicSync(this.layout.blob(digest, this.#raw), parts, this.#raw ? mode : 0o644)
  }

  /** A small file is read whole and stored as putBlob does (its mode kept, for hardlinks); a large one is streamed. */
  async putBlobFile(digest: string, file: string): Promise<void> {
    if (this.#stored(digest)) return
    const info = statSync(file)
    if (!info.isFile() || info.size >= SMALL_FILE) return writeBlobFromFile(this, digest, file)
    const data = readFileSync(file)
    if (this.api.sha256(data) !== digest) throw new Error(`${file} changed while it was being stored`)
    await this.putBlob(digest, data, info.mode & 0o777)
  }

  async getBlobToFile(digest: string, destination: string): Promise<boolean> {
    const found = await this.#find(digest)
    if (!found) return false
    const problem = await readBlobToFile(this, found, digest, destination)
    if (problem === 'absent') return false
    if (problem) return Boolean(await this.#discard(found.path, problem))
    await this.#touch(found.path, found.mtimeMs)
    return true
  }

  async linkBlob(digest: string, destination: string, mode: number): Promise<boolean> {
    const path = this.layout.blob(digest, true)
    const info = await stat(path).catch(() => undefined)
    if (!info || (info.mode & 0o777) !== mode) return false
    if ((await hashFile(path)) !== digest) return Boolean(await this.#discard(path, 'content does not match its digest'))
    const temp = `${dirname(destination)}/.${digest.slice(0, 16)}.${process.pid}.link`
    try {
      await rm(temp, {force: true})
      await link(path, temp)
      await this.layout.commit(temp, destination)
    } catch {
      await rm(temp, {force: true})
      return false
    }
    await this.#touch(path, info.mtimeMs)
    return true
  }

  async getAction(key: string): Promise<ActionResult | undefined> {
    const path = this.layout.action(key)
    // Synchronous on purpose: a cached rebuild of 10,000 tasks reads 10,000 small entries, and
    // promise-based reads cost several times the CPU of the system calls (bench/engine.bench.js).
    const text = readSmallFile(path)
    if (text === undefined) {
      this.counts.misses += 1
      return undefined
    }
    const newline = text.indexOf('\n')
    const body = text.slice(newline + 1)
    if (newline !== 64 || this.api.sha256(body) !== text.slice(0, 64)) {
      this.counts.misses += 1
      return this.#discard(path, 'checksum mismatch')
    }
    let result: ActionResult
    try {
      result = JSON.parse(body) as ActionResult
    } catch (error) {
      this.counts.misses += 1
      return this.#discard(path, `not JSON: ${(error as Error).message}`)
    }
    this.counts.hits += 1
    const info = statSync(path, {throwIfNoEntry: false})
    if (info) await this.#touch(path, info.mtimeMs)
    return result
  }

  /** The store found this entry invalid (its schema): counted as corrupt, removed. */
  async removeAction(key: string): Promise<void> {
    this.counts.hits -= 1
    this.counts.misses += 1
    this.counts.corrupt += 1
    await rm(this.layout.action(key), {force: true})
  }

  async putAction(key: string, result: ActionResult): Promise<void> {
    const body = JSON.stringify(result)
    this.layout.writeAtomicSync(this.layout.action(key), Buffer.from(`${this.api.sha256(body)}\n${body}`))
  }

  async stats(): Promise<CacheStats> {
    const [{entries, bytes}, counters, temp] = await Promise.all([sumEntries(this.layout), readCounters(this.layout), sumTemps(this.layout, this.api.isAlive)])
    return {
      temp,
      entries,
      bytes,
      hits: counters.hits + this.counts.hits,
      misses: counters.misses + this.counts.misses,
      corrupt: counters.corrupt + this.counts.corrupt,
      location: this.options.dir,
    }
  }

  gc(maxBytes: number): Promise<{removed: number; freedBytes: number; removedTemp: number}> {
    return collectGarbage(this.layout, maxBytes, this.api.isAlive)
  }

  async clear(): Promise<void> {
    await this.layout.clear()
    this.counts.hits = this.counts.misses = this.counts.corrupt = 0
  }

  /** Tallies go to an append-only log: one short line per process, never a read-modify-write race. */
  async close(): Promise<void> {
    const {hits, misses, corrupt} = this.counts
    if (this.readOnly || hits + misses + corrupt === 0) return
    this.counts.hits = this.counts.misses = this.counts.corrupt = 0
    await this.layout.appendCounters(`${hits} ${misses} ${corrupt}\n`).catch(() => undefined)
  }
}

function readSmallFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return undefined
  }
}
