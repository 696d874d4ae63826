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

const ZSTD_MAGIC = 0xfd2fb528

/**
 * The content size a zstd frame header declares (RFC 8878). Checked before decompressing, so a
 * damaged size field never makes libzstd allocate gigabytes of WASM memory that is never returned.
 */
export function declaredSize(frame: Uint8Array): number | undefined {
  if (frame.length < 6) return undefined
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength)
  if (view.getUint32(0, true) !== ZSTD_MAGIC) return undefined
  const descriptor = frame[4]
  const singleSegment = (descriptor >> 5) & 1
  const sizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][descriptor >> 6]
  const at = 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][descriptor & 3]
  if (sizeBytes === 0 || at + sizeBytes > frame.length) return undefined
  if (sizeBytes === 1) return frame[at]
  if (sizeBytes === 2) return view.getUint16(at, true) + 256
  if (sizeBytes === 4) return view.getUint32(at, true)
  return Number(view.getBigUint64(at, true))
}

export function decodeChunk(zstd: Zstd, stored: Uint8Array, rawLength: number): Uint8Array {
  if (stored.length === rawLength) return stored
  if (declaredSize(stored) !== rawLength) throw new Error('chunk frame header does not match its length')
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
