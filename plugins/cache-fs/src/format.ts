/**
 * The on-disk blob format: a 16-byte header (magic, version, original size) and then chunks of at
 * most 1 MiB, each `[stored length u32][raw length u32][bytes]`, zstd-compressed unless that did
 * not shrink it (then stored length = raw length and the bytes are raw). Chunks keep memory flat
 * for large blobs and let reads stream.
 */
import type {TckApi} from 'tck'

export const MAGIC = Buffer.from('TCKB')
export const VERSION = 1
export const HEADER_SIZE = 16
export const CHUNK_HEADER_SIZE = 8
export const CHUNK_SIZE = 1 << 20

type Zstd = Awaited<ReturnType<TckApi['zstd']>>

export function header(size: number): Buffer {
  const buffer = Buffer.alloc(HEADER_SIZE)
  MAGIC.copy(buffer, 0)
  buffer.writeUInt8(VERSION, 4)
  buffer.writeBigUInt64LE(BigInt(size), 8)
  return buffer
}

/** The original size the header records; undefined when this is not a blob of ours. */
export function parseHeader(buffer: Buffer): number | undefined {
  if (buffer.length < HEADER_SIZE || !buffer.subarray(0, 4).equals(MAGIC) || buffer.readUInt8(4) !== VERSION) return undefined
  return Number(buffer.readBigUInt64LE(8))
}

export function encodeChunk(zstd: Zstd, raw: Uint8Array, level: number): Buffer[] {
  const packed = zstd.compress(raw, level)
  const body = packed.length < raw.length ? packed : raw
  const head = Buffer.alloc(CHUNK_HEADER_SIZE)
  head.writeUInt32LE(body.length, 0)
  head.writeUInt32LE(raw.length, 4)
  return [head, Buffer.from(body.buffer, body.byteOffset, body.length)]
}

export function decodeChunk(zstd: Zstd, stored: Uint8Array, rawLength: number): Uint8Array {
  if (stored.length === rawLength) return stored
  const raw = zstd.decompress(stored, {defaultHeapSize: rawLength})
  if (raw.length !== rawLength) throw new Error(`chunk decompressed to ${raw.length} bytes, expected ${rawLength}`)
  return raw
}

/** Encodes a whole in-memory blob. */
export function encodeBlob(zstd: Zstd, data: Uint8Array, level: number): Buffer[] {
  const parts = [header(data.length)]
  for (let offset = 0; offset < data.length; offset += CHUNK_SIZE) {
    parts.push(...encodeChunk(zstd, data.subarray(offset, offset + CHUNK_SIZE), level))
  }
  return parts
}

/** Decodes a whole blob file; throws on any inconsistency (the caller verifies the digest). */
export function decodeBlob(zstd: Zstd, file: Buffer): Buffer {
  const size = parseHeader(file)
  if (size === undefined) throw new Error('bad header')
  const out = Buffer.allocUnsafe(size)
  let written = 0
  let offset = HEADER_SIZE
  while (offset < file.length) {
    if (offset + CHUNK_HEADER_SIZE > file.length) throw new Error('truncated chunk header')
    const stored = file.readUInt32LE(offset)
    const rawLength = file.readUInt32LE(offset + 4)
    offset += CHUNK_HEADER_SIZE
    if (offset + stored > file.length || written + rawLength > size) throw new Error('truncated chunk')
    out.set(decodeChunk(zstd, file.subarray(offset, offset + stored), rawLength), written)
    written += rawLength
    offset += stored
  }
  if (written !== size) throw new Error(`blob holds ${written} bytes, header says ${size}`)
  return out
}
