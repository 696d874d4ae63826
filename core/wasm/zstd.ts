/**
 * zstd as the CLI writes it. libzstd's one-shot decompress (all the WASM build exports) needs the
 * output size up front: it fails on frames written from a pipe (no declared size) and on several
 * concatenated frames. So the input is split into frames here, each decompressed on its own.
 */
import {TckError} from '../errors.js'
import {zstd} from './index.js'

const ZSTD_MAGIC = 0xfd2fb528
const DST_SIZE_TOO_SMALL = -70
/**
 * WASM memory grows and is never returned, so a declared size or a guess above this is refused
 * rather than allocated: a damaged size field must not cost the process a gigabyte.
 */
export const MAX_OUTPUT = 1 << 30

export interface ZstdFrame {
  start: number
  end: number
  /** Declared decompressed size; absent when the writer did not know it (a pipe). */
  contentSize?: number
  skippable: boolean
}

function corrupt(message: string): TckError {
  return new TckError('STORE_CORRUPT', `zstd data is corrupt: ${message}`, {hint: 'The blob is damaged; delete it and fetch or build it again.'})
}

/** Frame boundaries from the headers and block headers alone (RFC 8878), without decompressing. */
export function zstdFrames(data: Uint8Array): ZstdFrame[] {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  const need = (at: number, bytes: number) => {
    if (at + bytes > data.length) throw corrupt(`truncated at byte ${data.length} (needs ${at + bytes})`)
  }
  const frames: ZstdFrame[] = []
  let at = 0
  while (at < data.length) {
    const start = at
    need(at, 4)
    const magic = view.getUint32(at, true)
    if ((magic & 0xfffffff0) === 0x184d2a50) {
      need(at, 8)
      at += 8 + view.getUint32(at + 4, true)
      need(at, 0)
      frames.push({start, end: at, skippable: true})
      continue
    }
    if (magic !== ZSTD_MAGIC) throw corrupt(`no zstd frame at byte ${at}`)
    need(at, 5)
    const descriptor = data[at + 4]
    const singleSegment = (descriptor >> 5) & 1
    const sizeBytes = [singleSegment ? 1 : 0, 2, 4, 8][descriptor >> 6]
    at += 5 + (singleSegment ? 0 : 1) + [0, 1, 2, 4][descriptor & 3]
    need(at, sizeBytes)
    let contentSize: number | undefined
    if (sizeBytes === 1) contentSize = data[at]
    else if (sizeBytes === 2) contentSize = view.getUint16(at, true) + 256
    else if (sizeBytes === 4) contentSize = view.getUint32(at, true)
    else if (sizeBytes === 8) contentSize = Number(view.getBigUint64(at, true))
    at += sizeBytes
    for (let last = 0; !last; ) {
      need(at, 3)
      const header = data[at] | (data[at + 1] << 8) | (data[at + 2] << 16)
      last = header & 1
      const type = (header >> 1) & 3
      if (type === 3) throw corrupt(`reserved block type at byte ${at}`)
      at += 3 + (type === 1 ? 1 : header >>> 3)
    }
    at += (descriptor >> 2) & 1 ? 4 : 0
    need(at, 0)
    frames.push({start, end: at, contentSize, skippable: false})
  }
  return frames
}

export async function zstdCompress(data: Uint8Array, level = 3): Promise<Uint8Array> {
  return (await zstd()).compress(data, level)
}

/**
 * Decompresses frame by frame, yielding each frame's output as soon as it is decoded, so a
 * reader downstream (the tar reader) works while later frames wait. libzstd in WASM decodes
 * whole frames only: memory holds the input and one frame's output.
 */
export async function* zstdDecompressFrames(data: Uint8Array, maxOutput = MAX_OUTPUT): AsyncGenerator<Uint8Array> {
  const module = await zstd()
  let total = 0
  for (const frame of zstdFrames(data)) {
    if (frame.skippable) continue
    const tooLarge = () => corrupt(`frame at byte ${frame.start} decompresses to more than ${maxOutput} bytes`)
    if (total + (frame.contentSize ?? 0) > maxOutput) throw tooLarge()
    const bytes = data.subarray(frame.start, frame.end)
    // Unknown size: guess, and double the guess while libzstd says the output did not fit.
    for (let capacity = Math.min(maxOutput - total, Math.max(1 << 20, bytes.length * 8)); ; capacity *= 2) {
      let part: Uint8Array
      try {
        part = module.decompress(bytes, {defaultHeapSize: capacity})
      } catch (error) {
        const code = Number(/code (-?\d+)/.exec(String(error))?.[1])
        const tooSmall = code === DST_SIZE_TOO_SMALL && frame.contentSize === undefined
        if (tooSmall && capacity >= maxOutput - total) throw tooLarge()
        if (!tooSmall) throw corrupt(`frame at byte ${frame.start}: libzstd error ${code}`)
        capacity = Math.min(capacity, Math.floor((maxOutput - total) / 2))
        continue
      }
      total += part.length
      yield part
      break
    }
  }
}

export async function zstdDecompress(data: Uint8Array, maxOutput = MAX_OUTPUT): Promise<Uint8Array> {
  const parts: Uint8Array[] = []
  for await (const part of zstdDecompressFrames(data, maxOutput)) parts.push(part)
  if (parts.length === 1) return parts[0]
  const whole = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0))
  let offset = 0
  for (const part of parts) {
    whole.set(part, offset)
    offset += part.length
  }
  return whole
}
