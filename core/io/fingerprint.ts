/**
 * xxh3-128 fingerprints of input files, for change detection (not content addressing: that is
 * SHA-256, io/digest.ts). A file whose path, size, mtime and inode match the last record is not
 * read again, the way git's index and make trust stat data.
 */
import {open, readFile, stat} from 'node:fs/promises'
import {resolve} from 'node:path'
import {atomicWriteFile} from './atomic.js'
import {newXxh3, xxh3} from '../wasm/index.js'

/** Above this a file is read in chunks through its own hasher instead of read whole. */
const STREAM_ABOVE = 16 << 20
const CHUNK = 4 << 20
/**
 * A file written this recently may change again within the same mtime tick without its stat
 * changing, so its record is not trusted next time (git's "racy" entries).
 */
const RACY_MS = 2000

export interface FileRecord {
  size: number
  /** Nanoseconds, as a decimal string: milliseconds lose writes within one millisecond. */
  mtimeNs: string
  ino: number
  digest: string
  racy?: boolean
}

export async function fingerprintBytes(data: Uint8Array | string): Promise<string> {
  return (await xxh3()).init().update(data).digest('hex')
}

export async function fingerprintFile(path: string, size?: number): Promise<string> {
  if ((size ?? (await stat(path)).size) <= STREAM_ABOVE) return fingerprintBytes(await readFile(path))
  const hasher = (await newXxh3()).init()
  const file = await open(path, 'r')
  try {
    // One reused buffer: fresh stream chunks cost a fifth of the rate (see io/digest.ts).
    const buffer = Buffer.allocUnsafe(CHUNK)
    for (;;) {
      const {bytesRead} = await file.read(buffer, 0, CHUNK, null)
      if (bytesRead === 0) break
      hasher.update(buffer.subarray(0, bytesRead))
    }
  } finally {
    await file.close()
  }
  return hasher.digest('hex')
}

export type HashFile = (path: string, size?: number) => Promise<string>

/**
 * Digests of files remembered by stat data. xxh3-128 by default; given `sha256File` the same
 * records spare re-reading unchanged inputs when action keys are computed.
 */
export class Fingerprints {
  /** Files actually read since this set was created or loaded. */
  hashed = 0
  private readonly records: Map<string, FileRecord>

  constructor(
    records: Record<string, FileRecord> = {},
    private readonly hashFile: HashFile = fingerprintFile,
  ) {
    this.records = new Map(Object.entries(records))
  }

  /** A missing or unreadable file means no records: everything is hashed once more. */
  static async load(file: string, hashFile?: HashFile): Promise<Fingerprints> {
    try {
      const parsed: unknown = JSON.parse(await readFile(file, 'utf8'))
      return new Fingerprints(parsed && typeof parsed === 'object' ? (parsed as Record<string, FileRecord>) : {}, hashFile)
    } catch {
      return new Fingerprints({}, hashFile)
    }
  }

  async of(path: string): Promise<string> {
    const key = resolve(path)
    const info = await stat(key, {bigint: true})
    const size = Number(info.size)
    const mtimeNs = info.mtimeNs.toString()
    const ino = Number(info.ino)
    const known = this.records.get(key)
    if (known && typeof known.digest === 'string' && !known.racy && known.size === size && known.mtimeNs === mtimeNs && known.ino === ino) return known.digest
    const digest = await this.hashFile(key, size)
    this.hashed++
    const racy = Date.now() - Number(info.mtimeMs) < RACY_MS || undefined
    this.records.set(key, {size, mtimeNs, ino, digest, racy})
    return digest
  }

  toJSON(): Record<string, FileRecord> {
    return Object.fromEntries(this.records)
  }

  async save(file: string): Promise<void> {
    await atomicWriteFile(file, `${JSON.stringify(this)}\n`)
  }
}
