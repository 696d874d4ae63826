/**
 * A zip reader over the central directory (so Unix modes and symbolic links survive), inflating
 * with fflate (node has no zip). Zip toolchains are small and rare on Linux, so it reads the
 * whole file; zip64 and encrypted entries are refused with a clear message. Every offset and
 * size is checked against the file before it is used.
 */
import {readFile} from 'node:fs/promises'
import {inflateSync} from 'fflate'
import type {TckError} from '../../errors.js'
import type {EntryKind, SafeTree} from './tree.js'

function kindOf(mode: number, name: string): EntryKind {
  const type = mode & 0o170000
  if (type === 0o120000) return 'symlink'
  if (type === 0o040000 || name.endsWith('/')) return 'directory'
  if (type === 0o020000 || type === 0o060000) return 'device'
  if (type === 0o010000) return 'fifo'
  return 'file'
}

export async function extractZip(path: string, tree: SafeTree): Promise<void> {
  const data = await readFile(path)
  const invalid = (why: string): TckError => tree.damaged(`it is not a zip file tck can read: ${why}`)
  /** `length` bytes at `offset` lie inside the file. */
  const within = (offset: number, length: number, what: string) => {
    if (offset + length > data.length) throw invalid(`${what} points past the end of the file`)
  }
  let end = -1
  for (let offset = data.length - 22; offset >= Math.max(0, data.length - 65557); offset--) {
    if (data.readUInt32LE(offset) === 0x06054b50) {
      end = offset
      break
    }
  }
  if (end < 0) throw invalid('no end-of-central-directory record')
  const count = data.readUInt16LE(end + 10)
  let offset = data.readUInt32LE(end + 16)
  if (count === 0xffff || offset === 0xffffffff) throw invalid('zip64 archives are not supported')
  for (let index = 0; index < count; index++) {
    within(offset, 46, 'the central directory')
    if (data.readUInt32LE(offset) !== 0x02014b50) throw invalid('damaged central directory')
    const madeOnUnix = data[offset + 5] === 3
    const flags = data.readUInt16LE(offset + 8)
    const method = data.readUInt16LE(offset + 10)
    const compressedSize = data.readUInt32LE(offset + 20)
    const size = data.readUInt32LE(offset + 24)
    const nameLength = data.readUInt16LE(offset + 28)
    const next = offset + 46 + nameLength + data.readUInt16LE(offset + 30) + data.readUInt16LE(offset + 32)
    within(offset + 46, nameLength, 'the central directory')
    const mode = madeOnUnix ? data.readUInt32LE(offset + 38) >>> 16 : 0o644
    const local = data.readUInt32LE(offset + 42)
    // Windows tools write backslashes; treating them as separators lets `..\` be caught as `..`.
    const name = data.subarray(offset + 46, offset + 46 + nameLength).toString('utf8').replaceAll('\\', '/')
    offset = next
    const rel = tree.enter(name)
    if (flags & 1) throw invalid('the entry is encrypted')
    const kind = kindOf(mode, name)
    if (kind === 'device' || kind === 'fifo') tree.refuse(kind, name)
    tree.account(size)
    if (rel === undefined) continue
    if (kind === 'directory') {
      await tree.directory(rel, name)
      continue
    }
    within(local, 30, 'its local header')
    if (data.readUInt32LE(local) !== 0x04034b50) throw invalid('the entry has no local header')
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28)
    within(start, compressedSize, 'its data')
    const raw = data.subarray(start, start + compressedSize)
    let content: Buffer
    if (method === 0) content = Buffer.from(raw)
    else if (method === 8) content = Buffer.from(inflateSync(raw, {out: new Uint8Array(size)}))
    else throw invalid(`the entry uses compression method ${method}`)
    if (content.length !== size) throw invalid('the entry is truncated')
    if (kind === 'symlink') tree.symlink(rel, name, content.toString('utf8'))
    else await tree.file(rel, name, mode & 0o777 || 0o644, content)
  }
  await tree.finish()
}
