/**
 * The store: blobs by SHA-256 and action results, over ordered levels (local first, then remote).
 * Reads go level by level and copy a hit back into the earlier writable levels; writes go to every
 * writable level. A level that fails (a remote that is down, a full disk) is reported once and not
 * asked again for the rest of the build, so the build goes on from the levels that work.
 */
import {createReadStream} from 'node:fs'
import {chmod, readFile, stat} from 'node:fs/promises'
import {createHash} from 'node:crypto'
import type {ActionResult, CacheLevel} from '../contracts/cache.js'
import {atomicWriteFile} from '../io/atomic.js'
import {log} from '../log.js'

export interface StoreOptions {
  warn?: (message: string) => void
}

/** An action result as the store hands it out: with the name of the level that answered, for reports. */
export type ServedAction = ActionResult & {servedBy: string}

export async function digestFile(file: string): Promise<{digest: string; size: number}> {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of createReadStream(file, {highWaterMark: 1 << 20})) {
    hash.update(chunk as Buffer)
    size += (chunk as Buffer).length
  }
  return {digest: hash.digest('hex'), size}
}

export class Store {
  readonly #down = new Set<CacheLevel>()
  readonly #warn: (message: string) => void

  constructor(readonly levels: CacheLevel[], options: StoreOptions = {}) {
    this.#warn = options.warn ?? log.warn
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
    if (this.#down.has(level)) return undefined
    try {
      return await call()
    } catch (error) {
      if (!this.#down.has(level)) {
        this.#down.add(level)
        const reason = error instanceof Error ? error.message : String(error)
        this.#warn(`cache level ${level.name} failed (${reason}); going on without it for this build`)
      }
      return undefined
    }
  }

  async hasBlob(digest: string): Promise<boolean> {
    for (const level of this.live) if (await this.#ask(level, () => level.hasBlob(digest))) return true
    return false
  }

  async getBlob(digest: string): Promise<Buffer | undefined> {
    const earlier: CacheLevel[] = []
    for (const level of this.live) {
      const data = await this.#ask(level, () => level.getBlob(digest))
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

  /** Puts blob `digest` at `destination` with `mode`: hardlinked when a level can, else copied. False when no level has it. */
  async restoreFile(digest: string, destination: string, requestedMode: number): Promise<boolean> {
    // Permission bits only: a cache entry can never make a restored file setuid.
    const mode = requestedMode & 0o777
    const earlier: CacheLevel[] = []
    for (const level of this.live) {
      if (level.linkBlob && (await this.#ask(level, () => level.linkBlob!(digest, destination, mode)))) return true
      const found = await this.#ask(level, () => getFileFrom(level, digest, destination))
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

  /** The action result under `key` and the level that held it (copied back into earlier writable levels). */
  async getAction(key: string): Promise<ServedAction | undefined> {
    const earlier: CacheLevel[] = []
    for (const level of this.live) {
      const result = await this.#ask(level, () => level.getAction(key))
      if (result) {
        await Promise.all(earlier.filter((e) => !e.readOnly).map((e) => this.#ask(e, () => e.putAction(key, result))))
        return {...result, servedBy: level.name}
      }
      earlier.push(level)
    }
    return undefined
  }

  async putAction(key: string, result: ActionResult): Promise<void> {
    await Promise.all(this.writable.map((level) => this.#ask(level, () => level.putAction(key, result))))
  }

  async close(): Promise<void> {
    await Promise.all(this.levels.map((level) => level.close?.().catch(() => undefined)))
  }
}

async function putFileInto(level: CacheLevel, digest: string, file: string): Promise<void> {
  if (level.putBlobFile) return level.putBlobFile(digest, file)
  return level.putBlob(digest, await readFile(file))
}

async function getFileFrom(level: CacheLevel, digest: string, destination: string): Promise<boolean> {
  if (level.getBlobToFile) return level.getBlobToFile(digest, destination)
  const data = await level.getBlob(digest)
  if (!data) return false
  const mode = await stat(destination).then((info) => info.mode & 0o777, () => 0o644)
  await atomicWriteFile(destination, data, mode)
  return true
}
