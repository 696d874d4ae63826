/**
 * A streaming tar reader (ustar, GNU long names, pax headers) that hands each entry to a SafeTree.
 * Written here rather than taken from npm so every entry kind passes through one security check.
 */
import {TckError} from '../../errors.js'
import type {EntryKind, SafeTree} from './tree.js'

const BLOCK = 512

/** Pulls exact byte counts out of a stream of chunks. */
class ByteReader {
  #chunks: Buffer[] = []
  #length = 0
  #done = false
  readonly #source: AsyncIterator<Buffer>

  constructor(source: AsyncIterable<Buffer>) {
    this.#source = source[Symbol.asyncIterator]()
  }

  async #fill(wanted: number): Promise<boolean> {
    while (this.#length < wanted && !this.#done) {
      const next = await this.#source.next()
      if (next.done) this.#done = true
      else if (next.value.length > 0) {
        this.#chunks.push(next.value)
        this.#length += next.value.length
      }
    }
    return this.#length >= wanted
  }

  #take(count: number): Buffer {
    const joined = this.#chunks.length === 1 ? this.#chunks[0] : Buffer.concat(this.#chunks)
    this.#chunks = joined.length > count ? [joined.subarray(count)] : []
    this.#length -= count
    return joined.subarray(0, count)
  }

  /** Exactly `count` bytes, or undefined at a clean end of stream. */
  async read(count: number): Promise<Buffer | undefined> {
    return (await this.#fill(count)) ? this.#take(count) : undefined
  }

  /** `count` bytes as a sequence of chunks, without holding them all in memory. */
  async *pieces(count: number): AsyncGenerator<Buffer> {
    let left = count
    while (left > 0) {
      if (this.#length === 0 && !(await this.#fill(1))) throw new Error('archive ends in the middle of a file')
      const piece = this.#take(Math.min(left, this.#length, 1 << 20))
      left -= piece.length
      yield Buffer.from(piece)
    }
  }

  async skip(count: number): Promise<void> {
    for await (const _ of this.pieces(count)) void _
  }
}

function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length)
  const end = field.indexOf(0)
  return field.subarray(0, end === -1 ? length : end).toString('utf8')
}

function octal(block: Buffer, start: number, length: number): number {
  // GNU base-256 for sizes over 8 GiB: high bit set on the first byte.
  if (block[start] & 0x80) {
    let value = 0
    for (let index = start + 1; index < start + length; index++) value = value * 256 + block[index]
    return value
  }
  const digits = text(block, start, length).trim()
  return digits ? Number.parseInt(digits, 8) : 0
}

function checksumOk(block: Buffer): boolean {
  let sum = 0
  for (let index = 0; index < BLOCK; index++) sum += index >= 148 && index < 156 ? 32 : block[index]
  return sum === octal(block, 148, 8)
}

function parsePax(data: Buffer): Record<string, string> {
  const records: Record<string, string> = {}
  let offset = 0
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset)
    if (space === -1) break
    const length = Number(data.subarray(offset, space).toString())
    if (!length) break
    const record = data.subarray(space + 1, offset + length - 1).toString('utf8')
    const equals = record.indexOf('=')
    if (equals > 0) records[record.slice(0, equals)] = record.slice(equals + 1)
    offset += length
  }
  return records
}

const kinds: Record<string, EntryKind> = {
  '0': 'file', '\0': 'file', '7': 'file', '': 'file',
  '1': 'hardlink', '2': 'symlink', '3': 'device', '4': 'device', '5': 'directory', '6': 'fifo',
}

export async function extractTar(input: AsyncIterable<Buffer>, tree: SafeTree): Promise<void> {
  const reader = new ByteReader(input)
  let longName: string | undefined
  let longLink: string | undefined
  let pax: Record<string, string> = {}
  for (;;) {
    const header = await reader.read(BLOCK)
    if (!header || header.every((byte) => byte === 0)) break
    if (!checksumOk(header)) {
      throw new TckError('ARCHIVE_INVALID', `archive ${tree.label} is not a valid tar file (bad header checksum)`, {
        hint: 'The file is damaged or not a tar archive.',
      })
    }
    const type = String.fromCharCode(header[156])
    const size = octal(header, 124, 12)
    const padded = Math.ceil(size / BLOCK) * BLOCK
    if (type === 'L' || type === 'K' || type === 'x') {
      const pieces: Buffer[] = []
      for await (const piece of reader.pieces(padded)) pieces.push(piece)
      const data = Buffer.concat(pieces).subarray(0, size)
      if (type === 'L') longName = text(data, 0, data.length)
      else if (type === 'K') longLink = text(data, 0, data.length)
      else pax = parsePax(data)
      continue
    }
    if (type === 'g') {
      await reader.skip(padded)
      continue
    }
    const prefix = text(header, 345, 155)
    const name = pax.path ?? longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100))
    const linkName = pax.linkpath ?? longLink ?? text(header, 157, 100)
    // pax records the real size of files over 8 GiB when the header field cannot hold it.
    const bodySize = pax.size !== undefined ? Number(pax.size) : size
    const bodyPadded = Math.ceil(bodySize / BLOCK) * BLOCK
    longName = longLink = undefined
    pax = {}
    const kind = kinds[type] ?? 'other'
    const rel = tree.relativePath(name)
    if (kind === 'device' || kind === 'fifo' || kind === 'other') tree.refuse(kind, name)
    if (rel === undefined) {
      await reader.skip(bodyPadded)
      continue
    }
    if (kind === 'file') {
      await tree.file(rel, name, octal(header, 100, 8), reader.pieces(bodySize), bodySize)
      await reader.skip(bodyPadded - bodySize)
    } else {
      await reader.skip(bodyPadded)
      if (kind === 'directory') await tree.directory(rel, name)
      else if (kind === 'symlink') tree.symlink(rel, name, linkName)
      else await tree.hardlink(rel, name, linkName)
    }
  }
  await tree.finish()
}
