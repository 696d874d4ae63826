/**
 * A zip reader over the central directory (so Unix modes and symbolic links survive), inflating
 * with fflate (node has no zip). Zip toolchains are small and rare on Linux, so it reads the
 * whole file; zip64 and encrypted entries are refused with a clear message.
 */
import {readFile} from 'node:fs/promises'
import {inflateSync} from 'fflate'
import {TckError} from '../../errors.js'
import type {EntryKind, SafeTree} from './tree.js'

function invalid(tree: SafeTree, why: string): TckError {
  return new TckError('ARCHIVE_INVALID', `archive ${tree.label} is not a zip file tck can read: ${why}`)
}

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
  let end = -1
  for (let offset = data.length - 22; offset >= Math.max(0, data.length - 65557); offset--) {
    if (data.readUInt32LE(offset) === 0x06054b50) {
      end = offset
      break
    }
  }
  if (end < 0) throw invalid(tree, 'no end-of-central-directory record')
  const count = data.readUInt16LE(end + 10)
  let offset = data.readUInt32LE(end + 16)
  if (count === 0xffff || offset === 0xffffffff) throw invalid(tree, 'zip64 archives are not supported')
  for (let index = 0; index < count; index++) {
    if (data.readUInt32LE(offset) !== 0x02014b50) throw invalid(tree, 'damaged central directory')
    const madeOnUnix = data[offset + 5] === 3
    const flags = data.readUInt16LE(offset + 8)
    const method = data.readUInt16LE(offset + 10)
    const compressedSize = data.readUInt32LE(offset + 20)
    const size = data.readUInt32LE(offset + 24)
    const nameLength = data.readUInt16LE(offset + 28)
    const next = offset + 46 + nameLength + data.readUInt16LE(offset + 30) + data.readUInt16LE(offset + 32)
    const mode = madeOnUnix ? data.readUInt32LE(offset + 38) >>> 16 : 0o644
    const local = data.readUInt32LE(offset + 42)
    // Windows tools write backslashes; treating them as separators lets `..\` be caught as `..`.
    const name = data.subarray(offset + 46, offset + 46 + nameLength).toString('utf8').replaceAll('\\', '/')
    offset = next
    if (flags & 1) throw invalid(tree, `entry "${name}" is encrypted`)
    const kind = kindOf(mode, name)
    if (kind === 'device' || kind === 'fifo') tree.refuse(kind, name)
    const rel = tree.relativePath(name)
    if (rel === undefined) continue
    if (kind === 'directory') {
      await tree.directory(rel, name)
      continue
    }
    if (data.readUInt32LE(local) !== 0x04034b50) throw invalid(tree, `entry "${name}" has no local header`)
    const start = local + 30 + data.readUInt16LE(local + 26) + data.readUInt16LE(local + 28)
    const raw = data.subarray(start, start + compressedSize)
    let content: Buffer
    if (method === 0) content = Buffer.from(raw)
    else if (method === 8) content = Buffer.from(inflateSync(raw, {out: new Uint8Array(size)}))
    else throw invalid(tree, `entry "${name}" uses compression method ${method}`)
    if (content.length !== size) throw invalid(tree, `entry "${name}" is truncated`)
    if (kind === 'symlink') tree.symlink(rel, name, content.toString('utf8'))
    else await tree.file(rel, name, mode & 0o777 || 0o644, content)
  }
  await tree.finish()
}
