/**
 * A streaming tar reader (ustar, GNU long names, pax headers, base-256 sizes) that hands each
 * entry to a SafeTree. Kept over node-tar 7's Parser after a side-by-side measurement (docs/
 * design.md, decision 8): as fast, but node-tar cuts a header name at a NUL, which must be refused.
 */
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
      if (this.#length === 0 && !(await this.#fill(1))) throw new Error('the archive ends in the middle of this entry')
      const piece = this.#take(Math.min(left, this.#length, 1 << 20))
      left -= piece.length
      yield Buffer.from(piece)
    }
  }

  async skip(count: number): Promise<void> {
    for await (const _ of this.pieces(count)) void _
  }

  /**
   * Reads what follows the end-of-archive blocks (record padding), so the decompressor reaches
   * and checks its trailer: gzip's CRC and length, the xz and zstd programs' exit status.
   */
  async drain(count: (bytes: number) => void): Promise<void> {
    count(this.#length)
    this.#chunks = []
    this.#length = 0
    for (let next = await this.#source.next(); !next.done; next = await this.#source.next()) count(next.value.length)
    this.#done = true
  }

  /** Stops the source (a decompressor program, a gunzip stream) when the archive ends early. */
  async close(): Promise<void> {
    await this.#source.return?.()
  }
}

/**
 * A name field, less the NULs that pad it. A NUL inside stays, so the tree refuses the name:
 * cutting it there would make the entry mean one thing to tck and another to other readers.
 */
function text(block: Buffer, start: number, length: number): string {
  const field = block.subarray(start, start + length)
  let end = field.length
  while (end > 0 && field[end - 1] === 0) end--
  return field.subarray(0, end).toString('utf8')
}

/** An octal number field (space or NUL padded), or GNU base-256; undefined when it is neither. */
function number(block: Buffer, start: number, length: number): number | undefined {
  if (block[start] === 0x80) {
    let value = 0
    for (let index = start + 1; index < start + length; index++) value = value * 256 + block[index]
    return Number.isSafeInteger(value) ? value : undefined
  }
  const digits = block.subarray(start, start + length).toString('latin1').replace(/[\0 ]+$/, '').replace(/^ +/, '')
  return /^[0-7]*$/.test(digits) ? (digits ? Number.parseInt(digits, 8) : 0) : undefined
}

function checksumOk(block: Buffer): boolean {
  let sum = 0
  for (let index = 0; index < BLOCK; index++) sum += index >= 148 && index < 156 ? 32 : block[index]
  return sum === number(block, 148, 8)
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
/** GNU long name and link ('L', 'K') and pax headers ('x', 'g'): data about the next entry. */
const META = new Set(['L', 'K', 'x', 'g'])
/** Real long names and pax headers are a few hundred bytes; they are held in memory whole. */
const MAX_META = 1 << 20
const SPARSE = 'is a sparse file (GNU tar --sparse), which tck does not extract'

export async function extractTar(input: AsyncIterable<Buffer>, tree: SafeTree): Promise<void> {
  const reader = new ByteReader(input)
  try {
    await readEntries(reader, tree)
    await reader.drain((bytes) => tree.account(bytes))
  } finally {
    await reader.close()
  }
  await tree.finish()
}

async function readEntries(reader: ByteReader, tree: SafeTree): Promise<void> {
  let longName: string | undefined
  let longLink: string | undefined
  let pax: Record<string, string> = {}
  for (;;) {
    const header = await reader.read(BLOCK)
    if (!header || header.every((byte) => byte === 0)) break
    if (!checksumOk(header)) {
      throw tree.damaged(tree.current === undefined ? 'its first header has a bad checksum (or it is not a tar file)' : 'the header after it has a bad checksum')
    }
    tree.current = pax.path ?? longName ?? text(header, 0, 100)
    const type = String.fromCharCode(header[156])
    const size = number(header, 124, 12)
    if (size === undefined) throw tree.damaged('its size field is not a number')
    const padded = Math.ceil(size / BLOCK) * BLOCK
    if (META.has(type)) {
      tree.account(BLOCK + padded)
      if (type === 'g') {
        await reader.skip(padded)
        continue
      }
      if (size > MAX_META) throw tree.damaged(`a long name or pax header of ${size} bytes follows it (more than ${MAX_META})`)
      const pieces: Buffer[] = []
      for await (const piece of reader.pieces(padded)) pieces.push(piece)
      const data = Buffer.concat(pieces).subarray(0, size)
      if (type === 'L') longName = text(data, 0, data.length)
      else if (type === 'K') longLink = text(data, 0, data.length)
      else pax = {...pax, ...parsePax(data)}
      continue
    }
    // Only POSIX ustar has a name prefix; GNU's format keeps times and sparse maps there.
    const prefix = header.subarray(257, 263).toString('latin1') === 'ustar\0' ? text(header, 345, 155) : ''
    const name = pax.path ?? longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100))
    const linkName = pax.linkpath ?? longLink ?? text(header, 157, 100)
    const sparse = type === 'S' || Object.keys(pax).some((key) => key.startsWith('GNU.sparse.'))
    // pax records the real size of files over 8 GiB when the header field cannot hold it.
    const bodySize = pax.size === undefined ? size : /^\d+$/.test(pax.size) ? Number(pax.size) : undefined
    longName = longLink = undefined
    pax = {}
    // Pre-POSIX tars mark a directory only by the trailing slash of a regular entry's name.
    const kind = kinds[type] === 'file' && name.endsWith('/') ? 'directory' : (kinds[type] ?? 'other')
    const rel = tree.enter(name)
    if (bodySize === undefined) throw tree.damaged('its pax header has a damaged size')
    if (sparse) throw tree.unsafe(name, SPARSE)
    if (kind === 'device' || kind === 'fifo' || kind === 'other') tree.refuse(kind, name)
    const bodyPadded = Math.ceil(bodySize / BLOCK) * BLOCK
    tree.account(BLOCK + bodyPadded)
    if (rel === undefined) {
      await reader.skip(bodyPadded)
      continue
    }
    if (kind === 'file') {
      await tree.file(rel, name, number(header, 100, 8) ?? 0o644, reader.pieces(bodySize), bodySize)
      await reader.skip(bodyPadded - bodySize)
    } else {
      await reader.skip(bodyPadded)
      if (kind === 'directory') await tree.directory(rel, name)
      else if (kind === 'symlink') tree.symlink(rel, name, linkName)
      else await tree.hardlink(rel, name, linkName)
    }
  }
}
