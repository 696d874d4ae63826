/** Streamed blob transfers between the cache and ordinary files, one chunk in memory at a time. */
import {createHash, randomBytes} from 'node:crypto'
import {chmod, copyFile, mkdir, open, rm, stat} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import {CHUNK_HEADER_SIZE, CHUNK_SIZE, HEADER_SIZE, decodeChunk, encodeChunk, header, parseHeader} from './format.js'
import type {FsLevel} from './level.js'

function tempBeside(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
}

/** Stores `file` as blob `digest`, checking on the way that the content still has that digest. */
export async function writeBlobFromFile(level: FsLevel, digest: string, file: string): Promise<void> {
  const {layout} = level
  const raw = level.options.compression === 'none'
  const destination = layout.blob(digest, raw)
  await mkdir(layout.tmp, {recursive: true})
  const temp = layout.tempFile()
  try {
    if (raw) {
      await copyFile(file, temp)
      await chmod(temp, (await stat(file)).mode & 0o777)
      if ((await hashFile(temp)) !== digest) throw new Error(`${file} changed while it was being stored`)
    } else {
      await encodeFile(level, file, temp, digest)
    }
    await layout.commit(temp, destination)
  } catch (error) {
    await rm(temp, {force: true})
    throw error
  }
}

async function encodeFile(level: FsLevel, file: string, temp: string, digest: string): Promise<void> {
  const zstd = await level.api.zstd()
  const hash = createHash('sha256')
  const source = await open(file, 'r')
  const target = await open(temp, 'wx', 0o644)
  try {
    const {size} = await source.stat()
    await target.write(header(size))
    const buffer = Buffer.allocUnsafe(CHUNK_SIZE)
    let total = 0
    for (;;) {
      const {bytesRead} = await source.read(buffer, 0, CHUNK_SIZE, null)
      if (bytesRead === 0) break
      const chunk = buffer.subarray(0, bytesRead)
      hash.update(chunk)
      total += bytesRead
      for (const part of encodeChunk(zstd, chunk, level.options.level)) await target.write(part)
    }
    if (total !== size || hash.digest('hex') !== digest) throw new Error(`${file} changed while it was being stored`)
  } finally {
    await Promise.all([source.close(), target.close()])
  }
}

/**
 * Writes blob `found` to `destination` through a temp file beside it, renamed only once the content
 * matches `digest`. Returns undefined when done, 'absent' when the blob vanished, or what was wrong.
 */
export async function readBlobToFile(
  level: FsLevel,
  found: {path: string; raw: boolean},
  digest: string,
  destination: string,
): Promise<string | undefined> {
  const temp = tempBeside(destination)
  try {
    if (found.raw) {
      const copied = await copyFile(found.path, temp).then(() => true, () => false)
      if (!copied) return 'absent'
      if ((await hashFile(temp)) !== digest) return 'content does not match its digest'
    } else {
      const problem = await decodeFile(level, found.path, temp, digest)
      if (problem) return problem
    }
    await level.layout.commit(temp, destination)
    return undefined
  } finally {
    await rm(temp, {force: true})
  }
}

async function decodeFile(level: FsLevel, path: string, temp: string, digest: string): Promise<string | undefined> {
  const source = await open(path, 'r').catch(() => undefined)
  if (!source) return 'absent'
  const zstd = await level.api.zstd()
  const hash = createHash('sha256')
  const target = await open(temp, 'wx', 0o644)
  try {
    const head = Buffer.alloc(HEADER_SIZE)
    const size = parseHeader(head.subarray(0, (await source.read(head, 0, HEADER_SIZE, 0)).bytesRead))
    if (size === undefined) return 'bad header'
    let position = HEADER_SIZE
    let written = 0
    const chunkHead = Buffer.alloc(CHUNK_HEADER_SIZE)
    while (written < size) {
      if ((await source.read(chunkHead, 0, CHUNK_HEADER_SIZE, position)).bytesRead !== CHUNK_HEADER_SIZE) return 'truncated'
      const stored = chunkHead.readUInt32LE(0)
      const rawLength = chunkHead.readUInt32LE(4)
      if (stored > CHUNK_SIZE * 2 || rawLength > CHUNK_SIZE || written + rawLength > size) return 'bad chunk header'
      const body = Buffer.allocUnsafe(stored)
      if ((await source.read(body, 0, stored, position + CHUNK_HEADER_SIZE)).bytesRead !== stored) return 'truncated'
      let raw: Uint8Array
      try {
        raw = decodeChunk(zstd, body, rawLength)
      } catch (error) {
        return (error as Error).message
      }
      hash.update(raw)
      await target.write(raw)
      written += rawLength
      position += CHUNK_HEADER_SIZE + stored
    }
    if ((await source.stat()).size !== position) return 'trailing bytes'
    if (hash.digest('hex') !== digest) return 'content does not match its digest'
    return undefined
  } finally {
    await Promise.all([source.close(), target.close()])
  }
}

export async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256')
  const handle = await open(path, 'r')
  try {
    for await (const chunk of handle.createReadStream({highWaterMark: 1 << 20, autoClose: false})) hash.update(chunk as Buffer)
  } finally {
    await handle.close()
  }
  return hash.digest('hex')
}
