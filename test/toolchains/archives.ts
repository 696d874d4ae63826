/** Builds tar and zip archives byte by byte, so tests can make the malicious ones no tool would write. */
import {execFileSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {deflateRawSync, gzipSync} from 'node:zlib'

export interface TarEntry {
  name: string
  /** `longname` (GNU 'L'), `pax` ('x') and `sparse` (GNU 'S') carry their body as written. */
  type?: 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo' | 'longname' | 'pax' | 'sparse'
  body?: string | Buffer
  link?: string
  mode?: number
  /** The size field, when it must differ from the body's length (a damaged or lying header). */
  size?: number
}

const typeFlags = {file: '0', hardlink: '1', symlink: '2', char: '3', block: '4', dir: '5', fifo: '6', longname: 'L', pax: 'x', sparse: 'S'}
const hasBody = new Set(['file', 'longname', 'pax', 'sparse'])

function header(entry: TarEntry, size: number): Buffer {
  const block = Buffer.alloc(512)
  const put = (value: string, offset: number, length: number) => block.write(value, offset, length, 'utf8')
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0')
  // A name may hold a NUL followed by more bytes: Buffer.write copies it as it is.
  put(entry.name, 0, 100)
  put(octal(entry.mode ?? (entry.type === 'dir' ? 0o755 : 0o644), 8), 100, 8)
  put(octal(0, 8), 108, 8)
  put(octal(0, 8), 116, 8)
  put(octal(size, 12), 124, 12)
  put(octal(1_700_000_000, 12), 136, 12)
  put('        ', 148, 8)
  put(typeFlags[entry.type ?? 'file'], 156, 1)
  put(entry.link ?? '', 157, 100)
  put('ustar\u000000', 257, 8)
  let sum = 0
  for (const byte of block) sum += byte
  put(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 8)
  return block
}

export function tar(entries: TarEntry[]): Buffer {
  const parts: Buffer[] = []
  for (const entry of entries) {
    const body = hasBody.has(entry.type ?? 'file') ? Buffer.from(entry.body ?? '') : Buffer.alloc(0)
    parts.push(header(entry, entry.size ?? body.length), body, Buffer.alloc((512 - (body.length % 512)) % 512))
  }
  parts.push(Buffer.alloc(1024))
  return Buffer.concat(parts)
}

export const tarGz = (entries: TarEntry[]) => gzipSync(tar(entries))

/** A pax extended header record: `<length> <key>=<value>\n`, the length counting itself. */
export function paxRecord(key: string, value: string): string {
  const text = ` ${key}=${value}\n`
  let length = Buffer.byteLength(text)
  while (Buffer.byteLength(text) + String(length).length !== length) length = Buffer.byteLength(text) + String(length).length
  return `${length}${text}`
}

/** Compresses with the real CLI (xz or zstd), as release archives are made. */
export function compressWith(program: 'xz' | 'zstd', data: Buffer): Buffer {
  return execFileSync(program, ['-c', '-q'], {input: data, maxBuffer: 1 << 28})
}

export interface ZipEntry {
  name: string
  body?: string
  mode?: number
}

export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    const name = Buffer.from(entry.name)
    const body = Buffer.from(entry.body ?? '')
    const compressed = deflateRawSync(body)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034b50, 0)
    local.writeUInt16LE(20, 4)
    local.writeUInt16LE(8, 8)
    local.writeUInt32LE(compressed.length, 18)
    local.writeUInt32LE(body.length, 22)
    local.writeUInt16LE(name.length, 26)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014b50, 0)
    central.writeUInt16LE((3 << 8) | 20, 4)
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(8, 10)
    central.writeUInt32LE(compressed.length, 20)
    central.writeUInt32LE(body.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(((entry.mode ?? 0o100644) << 16) >>> 0, 38)
    central.writeUInt32LE(offset, 42)
    locals.push(local, name, compressed)
    centrals.push(central, name)
    offset += local.length + name.length + compressed.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054b50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

export function writeArchive(path: string, data: Buffer): string {
  writeFileSync(path, data)
  return path
}
