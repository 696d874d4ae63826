/**
 * Where things live in a cache-fs directory: `cas/<2 hex>/<digest>` (compressed blobs),
 * `cas/<2 hex>/<digest>.raw` (uncompressed, hardlinkable), `ac/<2 hex>/<key>` (action results),
 * `tmp/` (writes in progress, invisible until renamed) and `counters.log` (hit/miss tallies).
 */
import {randomBytes} from 'node:crypto'
import {mkdirSync, renameSync, rmSync, writeFileSync} from 'node:fs'
import {mkdir, readdir, rename, rm, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

const HEX64 = /^[0-9a-f]{64}$/

export class Layout {
  constructor(readonly dir: string) {}

  get tmp(): string {
    return join(this.dir, 'tmp')
  }

  get countersFile(): string {
    return join(this.dir, 'counters.log')
  }

  blob(digest: string, raw = false): string {
    checkDigest(digest)
    return join(this.dir, 'cas', digest.slice(0, 2), raw ? `${digest}.raw` : digest)
  }

  action(key: string): string {
    checkDigest(key)
    return join(this.dir, 'ac', key.slice(0, 2), key)
  }

  tempFile(): string {
    return join(this.tmp, `${process.pid}.${randomBytes(6).toString('hex')}`)
  }

  /**
   * Writes `parts` to a temp file and renames it to `path`: readers see the whole file or none.
   * No fsync: a file cut short by a power loss fails verification on read and counts as a miss.
   */
  async writeAtomic(path: string, parts: Uint8Array[] | Uint8Array, mode = 0o644): Promise<void> {
    const temp = this.tempFile()
    const data = Array.isArray(parts) ? Buffer.concat(parts) : parts
    try {
      await writeFile(temp, data, {mode, flag: 'wx'}).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error
        await mkdir(this.tmp, {recursive: true})
        await writeFile(temp, data, {mode, flag: 'wx'})
      })
      await this.commit(temp, path)
    } catch (error) {
      await rm(temp, {force: true})
      throw error
    }
  }

  /**
   * The same, synchronously, for small entries (action results, small blobs): on a cold build each
   * task writes a few of them, and every awaited fs call is a trip through libuv's thread pool —
   * under load, milliseconds of wall time each for microseconds of work.
   */
  writeAtomicSync(path: string, parts: Uint8Array[] | Uint8Array, mode = 0o644): void {
    const temp = this.tempFile()
    const data = Array.isArray(parts) ? Buffer.concat(parts) : parts
    try {
      try {
        writeFileSync(temp, data, {mode, flag: 'wx'})
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
        mkdirSync(this.tmp, {recursive: true})
        writeFileSync(temp, data, {mode, flag: 'wx'})
      }
      try {
        renameSync(temp, path)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
        mkdirSync(join(path, '..'), {recursive: true})
        renameSync(temp, path)
      }
    } catch (error) {
      rmSync(temp, {force: true})
      throw error
    }
  }

  /** Renames a finished temp file into place, creating its shard directory on first use. */
  async commit(temp: string, path: string): Promise<void> {
    try {
      await rename(temp, path)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      await mkdir(join(path, '..'), {recursive: true})
      await rename(temp, path)
    }
  }

  /** One short O_APPEND write per process: concurrent writers never lose each other's lines. */
  async appendCounters(line: string): Promise<void> {
    await mkdir(this.dir, {recursive: true})
    await writeFile(this.countersFile, line, {flag: 'a'})
  }

  /** Every stored entry with its size and last use, for stats and eviction. */
  async *entries(): AsyncGenerator<{path: string; size: number; usedMs: number}> {
    for (const area of ['cas', 'ac']) {
      const shards = await readdir(join(this.dir, area)).catch(() => [] as string[])
      for (const shard of shards) {
        const names = await readdir(join(this.dir, area, shard)).catch(() => [] as string[])
        for (const name of names) {
          const path = join(this.dir, area, shard, name)
          const info = await stat(path).catch(() => undefined)
          if (info?.isFile()) yield {path, size: info.size, usedMs: info.mtimeMs}
        }
      }
    }
  }

  async clear(): Promise<void> {
    // Rename first so a concurrent reader sees an empty cache, never a half-deleted one.
    const doomed = join(this.dir, `.clearing.${process.pid}.${randomBytes(4).toString('hex')}`)
    await mkdir(doomed, {recursive: true})
    for (const name of ['cas', 'ac', 'tmp', 'counters.log']) {
      await rename(join(this.dir, name), join(doomed, name)).catch(() => undefined)
    }
    await rm(doomed, {recursive: true, force: true})
  }
}

export function checkDigest(digest: string): void {
  if (!HEX64.test(digest)) throw new Error(`"${digest}" is not a SHA-256 hex digest`)
}

