/**
 * Secure extraction of tar (plain, gz, xz, zst) and zip archives. `extractArchive` unpacks into a
 * temporary sibling directory and renames it into place, so the destination is either complete
 * or absent; `unpackArchive` fills a directory the caller already made private (e.g. a toolchain
 * being installed). xz streams through the `xz` CLI (xz-utils: node has no xz, and the CLI is
 * multi-threaded C); zstd through the `zstd` CLI when present, else through WASM zstd frame by
 * frame (core/wasm/zstd.ts). Every failure is an ARCHIVE_* (or IO) error naming the entry.
 */
import {spawn} from 'node:child_process'
import {createReadStream} from 'node:fs'
import {mkdir, open, readFile, rename, rm} from 'node:fs/promises'
import {basename, dirname} from 'node:path'
import {createGunzip} from 'node:zlib'
import {TckError} from '../errors.js'
import {MAX_OUTPUT, zstdDecompressFrames} from '../wasm/zstd.js'
import {tempPathFor} from './atomic.js'
import {asArchiveError} from './archive/errors.js'
import {sizeLimit} from './archive/limit.js'
import {extractTar} from './archive/tar.js'
import {SafeTree} from './archive/tree.js'
import {extractZip} from './archive/zip.js'
import {which} from './tools.js'

export type ArchiveFormat = 'tar' | 'tar.gz' | 'tar.xz' | 'tar.zst' | 'zip'

export interface ExtractOptions {
  /** Leading path components to drop, like `tar --strip-components`. */
  stripComponents?: number
  /** What errors call the archive (default: its file name). */
  label?: string
  /**
   * The most decompressed bytes to read; TCK_ARCHIVE_MAX_BYTES overrides it. Default: the size
   * the archive's container declares, else 16 GiB.
   */
  maxBytes?: number
}

export interface ExtractResult {
  format: ArchiveFormat
  files: number
  bytes: number
}

export async function detectFormat(path: string): Promise<ArchiveFormat> {
  const handle = await open(path, 'r')
  const head = Buffer.alloc(512)
  try {
    await handle.read(head, 0, 512, 0)
  } finally {
    await handle.close()
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return 'tar.gz'
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return 'tar.xz'
  if (head.readUInt32LE(0) === 0xfd2fb528) return 'tar.zst'
  if (head.readUInt32LE(0) === 0x04034b50 || head.readUInt32LE(0) === 0x06054b50) return 'zip'
  if (head.subarray(257, 262).toString() === 'ustar') return 'tar'
  throw new TckError('ARCHIVE_INVALID', `${path} is not an archive tck can extract (tar, tar.gz, tar.xz, tar.zst, zip)`)
}

/** Runs a decompressor CLI over the file; its failure surfaces as an error of the stream. */
async function* throughCli(program: string, path: string): AsyncGenerator<Buffer> {
  const binary = which(program)
  if (!binary) {
    throw new TckError('ARCHIVE_INVALID', `extracting ${basename(path)} needs the \`${program}\` program, which is not on PATH`, {
      hint: program === 'xz' ? 'Install xz-utils (apt-get install xz-utils).' : `Install ${program}.`,
    })
  }
  const child = spawn(binary, ['-dc', path], {stdio: ['ignore', 'pipe', 'pipe']})
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)))
  let drained = false
  try {
    for await (const chunk of child.stdout) yield chunk as Buffer
    drained = true
  } finally {
    // Only a reader that stopped early stops the program: after its last byte it may not have exited yet.
    if (!drained && child.exitCode === null) child.kill()
  }
  const code = await exited
  // Left to the caller to name the archive and the entry the stream broke in.
  if (code !== 0) throw new Error(`${program}: ${stderr.trim() || `exit ${code}`}`)
}

/**
 * Without the zstd program: WASM, frame by frame. libzstd in WASM decodes whole frames, and WASM
 * memory never shrinks, so a frame may not decode to more than the size limit or 1 GiB.
 */
async function* wasmZstd(path: string, tree: SafeTree): AsyncGenerator<Buffer> {
  const cap = Math.min(tree.limit.bytes, MAX_OUTPUT)
  try {
    for await (const part of zstdDecompressFrames(await readFile(path), cap)) yield Buffer.from(part.buffer, part.byteOffset, part.byteLength)
  } catch (error) {
    if (!(error instanceof TckError) || error.code !== 'STORE_CORRUPT') throw error
    if (!/decompresses to more than/.test(error.message)) throw tree.damaged(error.message.replace(/^zstd data is corrupt: /, 'zstd: '))
    if (cap === tree.limit.bytes) throw tree.overLimit()
    throw new TckError('ARCHIVE_INVALID', `archive ${tree.label}: a zstd frame decompresses to more than 1 GiB, which tck decodes whole without the zstd program`, {
      hint: 'Install zstd (apt-get install zstd): tck then streams it through the program.',
    })
  }
}

function decompressed(path: string, format: Exclude<ArchiveFormat, 'zip'>, tree: SafeTree): AsyncIterable<Buffer> {
  switch (format) {
    case 'tar':
      return createReadStream(path, {highWaterMark: 1 << 20})
    case 'tar.gz':
      return createReadStream(path, {highWaterMark: 1 << 20}).pipe(createGunzip())
    case 'tar.xz':
      return throughCli('xz', path)
    case 'tar.zst':
      return which('zstd') ? throughCli('zstd', path) : wasmZstd(path, tree)
  }
}

/** Extracts into `directory`, which must already exist and belong to the caller alone. */
export async function unpackArchive(path: string, directory: string, options: ExtractOptions = {}): Promise<ExtractResult> {
  const format = await detectFormat(path)
  const limit = await sizeLimit(path, format, options.maxBytes)
  const tree = new SafeTree(directory, options.label ?? basename(path), options.stripComponents ?? 0, limit)
  try {
    if (format === 'zip') await extractZip(path, tree)
    else await extractTar(decompressed(path, format, tree), tree)
  } catch (error) {
    throw asArchiveError(error, tree.label, tree.current)
  }
  return {format, files: tree.files, bytes: tree.bytes}
}

/** Extracts into a fresh `destination`, all or nothing: a temp directory renamed into place. */
export async function extractArchive(path: string, destination: string, options: ExtractOptions = {}): Promise<ExtractResult> {
  await mkdir(dirname(destination), {recursive: true})
  const temp = tempPathFor(destination)
  await mkdir(temp)
  try {
    const result = await unpackArchive(path, temp, options)
    await rename(temp, destination)
    return result
  } catch (error) {
    await rm(temp, {recursive: true, force: true})
    throw error
  }
}

