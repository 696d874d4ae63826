/**
 * Debian's source archive as a mirror: `apt-get source --print-uris NAME` lists the files of a
 * source package with their SHA-256 from the archive's signed Sources index (the same sums its
 * `.dsc` carries), using the deb-src entries of the user's apt configuration. tck then downloads
 * the file itself, through its download manager, verified against that SHA-256.
 */
import {execFile} from 'node:child_process'
import {promisify} from 'node:util'
import {bookError} from '../runtime.js'

export interface DebianFile {
  url: string
  file: string
  size: number
  sha256: string
}

const run = promisify(execFile)

export async function debianSourceFiles(name: string): Promise<DebianFile[]> {
  let stdout: string
  try {
    ;({stdout} = await run('apt-get', ['source', '--print-uris', '-qq', name], {maxBuffer: 16 << 20}))
  } catch (error) {
    const said = String((error as {stderr?: string}).stderr ?? (error as Error).message).trim()
    if ((error as {code?: string}).code === 'ENOENT') throw bookError('DOWNLOAD_FAILED', 'the debian mirror needs apt-get, which is not on PATH', 'Use it on a Debian system, or drop `debian` from the book\'s mirrors.')
    const hint = /deb-src/.test(said)
      ? 'Add a deb-src entry for your Debian mirror (a copy of its deb entry with Types: deb-src) and run apt-get update.'
      : 'Check the Debian source package name (the `debian:` key of the source).'
    throw bookError('DOWNLOAD_FAILED', `apt-get source --print-uris ${name}: ${said.split('\n').at(-1)}`, hint)
  }
  const files: DebianFile[] = []
  for (const line of stdout.split('\n')) {
    const match = /^'([^']+)'\s+(\S+)\s+(\d+)\s+SHA256:([0-9a-f]{64})/.exec(line.trim())
    if (match) files.push({url: match[1], file: match[2], size: Number(match[3]), sha256: match[4]})
  }
  return files
}

/** The upstream tarball of a source package: its version and the file (`xz-utils_5.4.1.orig.tar.xz`). */
export async function debianOrig(name: string): Promise<DebianFile & {version: string; source: string}> {
  const files = await debianSourceFiles(name)
  const orig = files.find((file) => /\.orig\.tar\.\w+$/.test(file.file))
  if (!orig) throw bookError('DOWNLOAD_FAILED', `Debian's source package for ${name} has no upstream tarball (.orig.tar.*)`, 'A native Debian package has none; use the upstream URL instead.')
  const [, source, version] = /^(.+?)_(.+)\.orig\.tar\.\w+$/.exec(orig.file)!
  return {...orig, source, version}
}
