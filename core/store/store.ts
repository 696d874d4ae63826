/**
 * The store: blobs by SHA-256 and action results, over ordered levels (local first, then remote).
 * Reads go level by level and copy a hit back into the earlier writable levels; writes go to every
 * writable level. A level that fails (a remote that is down, a full disk) is reported once and not
 * asked again for the rest of the build, so the build goes on from the levels that work. A bad
 * entry is not a failure of its level: an action result that fails the schema, or a digest that
 * is not one, is a miss (removed where the level can), and the level keeps answering.
 */
import {createReadStream, readFileSync, statSync} from 'node:fs'
import {chmod, readFile, stat} from 'node:fs/promises'
import {createHash} from 'node:crypto'
import type {ActionResult, CacheLevel} from '../contracts/cache.js'
import {TckError} from '../errors.js'
import {atomicWriteFile} from '../io/atomic.js'
import {log} from '../log.js'
import {HEX64, checkActionResult} from './action-schema.js'

export interface StoreOptions {
  warn?: (message: string) => void
  /** The build's interrupt: once aborted, every call ends at once with INTERRUPTED and the levels are closed. */
  signal?: AbortSignal
}

/** An action result as the store hands it out: with the name of the level that answered, for reports. */
export type ServedAction = ActionResult & {servedBy: string}

/** A file's SHA-256 and size; a small file is read whole, synchronously (one call instead of a stream's several). */
export async function digestFile(file: string): Promise<{digest: string; size: number}> {
  const info = statSync(file)
  if (info.isFile() && info.size < 1 << 20) {
    const data = readFileSync(file)
    return {digest: createHash('sha256').update(data).digest('hex'), size: data.length}
  }
  const hash = createHash('sha256')
  let read = 0
  for await (const chunk of createReadStream(file, {highWaterMark: 1 << 20})) {
    hash.update(chunk as Buffer)
    read += (chunk as Buffer).length
  }
  return {digest: hash.digest('hex'), size: read}
}

const interrupted = () => new TckError('INTERRUPTED', 'the build was interrupted while the cache was being read')

export class Store {
  readonly #down = new Set<CacheLevel>()
  readonly #warn: (message: string) => void
  readonly #signal?: AbortSignal
  readonly #aborted?: Promise<never>
  #closed?: Promise<void>

  constructor(readonly levels: CacheLevel[], options: StoreOptions = {}) {
    this.#warn = options.warn ?? log.warn
    const signal = options.signal
    if (signal) {
      this.#signal = signal
      this.#aborted = new Promise<never>((_, reject) => {
        const stop = () => {
          reject(interrupted())
          // A remote read in flight is cut, not waited for.
          void this.close()
        }
        if (signal.aborted) stop()
        else signal.addEventListener('abort', stop, {once: true})
      })
      this.#aborted.catch(() => undefined)
    }
  }

  /** Levels still answering, in order. */
  get live(): CacheLevel[] {
    return this.levels.filter((level) => !this.#down.has(level))
  }

  get writable(): CacheLevel[] {
    return this.live.filter((level) => !level.readOnly)
  }

  /** Runs one call on a level; a failure takes the level out of this build with one warning. */
  async #ask<T>(level: CacheLevel, call: () => Promise<T>): Promise<T | undefined> {
    if (this.#signal?.aborted) throw interrupted()
    if (this.#down.has(level)) return undefined
    try {
      return await (this.#aborted ? Promise.race([call(), this.#aborted]) : call())
    } catch (error) {
      if (this.#signal?.aborted) throw interrupted()
      if (!this.#down.has(level)) {
        this.#down.add(level)
        const reason = error instanceof Error ? error.message : String(error)
        this.#warn(`cache level ${level.name} failed (${reason}); going on without it for this build`)
      }
      return undefined
    }
  }

  async hasBlob(digest: string): Promise<boolean> {
    if (!HEX64.test(digest)) return false
    for (const level of this.live) if (await this.#ask(level, () => level.hasBlob(digest))) return true
    return false
  }

  /** `size`, when known, bounds what a level may send. */
  async getBlob(digest: string, size?: number): Promise<Buffer | undefined> {
    if (!HEX64.test(digest)) return undefined
    const earlier: CacheLevel[] = []
    for (const level of this.live) {
      const data = await this.#ask(level, () => level.getBlob(digest, size))
      if (data) {
        await Promise.all(earlier.filter((e) => !e.readOnly).map((e) => this.#ask(e, () => e.putBlob(digest, data))))
        return data
      }
      earlier.push(level)
    }
    return undefined
  }

  async putBlob(digest: string, data: Buffer): Promise<void> {
    await Promise.all(this.writable.map((level) => this.#ask(level, () => level.putBlob(digest, data))))
  }

  /** Stores a file, streamed where a level can; returns its digest and size. */
  async putFile(file: string): Promise<{digest: string; size: number}> {
    const {digest, size} = await digestFile(file)
    await Promise.all(this.writable.map((level) => this.#ask(level, () => putFileInto(level, digest, file))))
    return {digest, size}
  }

  /**
   * Puts blob `digest` at `destination` with `mode`: hardlinked when a level can, else copied.
   * False when no level has it. `size`, when known (action results list it), bounds the download.
   */
  async restoreFile(digest: string, destination: string, requestedMode: number, size?: number): Promise<boolean> {
    if (!HEX64.test(digest)) return false
    // Permission bits only: a cache entry can never make a restored file setuid.
    const mode = requestedMode & 0o777
    const earlier: CacheLevel[] = []
    for (const level of this.live) {
      if (level.linkBlob && (await this.#ask(level, () => level.linkBlob!(digest, destination, mode)))) return true
      const found = await this.#ask(level, () => getFileFrom(level, digest, destination, size))
      if (found) {
        await chmod(destination, mode)
        const backfill = earlier.filter((e) => !e.readOnly)
        await Promise.all(backfill.map((e) => this.#ask(e, () => putFileInto(e, digest, destination))))
        return true
      }
      earlier.push(level)
    }
    return false
  }

  /** The action result under `key` and the level that held it (checked, then copied back into earlier writable levels). */
  async getAction(key: string): Promise<ServedAction | undefined> {
    if (!HEX64.test(key)) return undefined
    const earlier: CacheLevel[] = []
    for (const level of this.live) {
      const found = await this.#ask(level, () => level.getAction(key))
      if (found) {
        const checked = checkActionResult(found)
        if ('result' in checked) {
          await Promise.all(earlier.filter((e) => !e.readOnly).map((e) => this.#ask(e, () => e.putAction(key, checked.result))))
          return {...checked.result, servedBy: level.name}
        }
        await this.#discardAction(level, key, checked.problem)
      }
      earlier.push(level)
    }
    return undefined
  }

  async #discardAction(level: CacheLevel, key: string, problem: string): Promise<void> {
    const removable = !level.readOnly && level.removeAction !== undefined
    this.#warn(`cache level ${level.name}: the entry for key ${key} is not a valid action result (${problem}); a miss${removable ? ', removed' : ', skipped'}`)
    if (removable) await this.#ask(level, () => level.removeAction!(key))
  }

  async putAction(key: string, result: ActionResult): Promise<void> {
    await Promise.all(this.writable.map((level) => this.#ask(level, () => level.putAction(key, result))))
  }

  close(): Promise<void> {
    this.#closed ??= Promise.all(this.levels.map((level) => level.close?.().catch(() => undefined))).then(() => undefined)
    return this.#closed
  }
}

async function putFileInto(level: CacheLevel, digest: string, file: string): Promise<void> {
  if (level.putBlobFile) return level.putBlobFile(digest, file)
  return level.putBlob(digest, await readFile(file))
}

async function getFileFrom(level: CacheLevel, digest: string, destination: string, size?: number): Promise<boolean> {
  if (level.getBlobToFile) return level.getBlobToFile(digest, destination, size)
  const data = await level.getBlob(digest, size)
  if (!data) return false
  const mode = await stat(destination).then((info) => info.mode & 0o777, () => 0o644)
  await atomicWriteFile(destination, data, mode)
  return true
}
