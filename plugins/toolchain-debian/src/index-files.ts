/**
 * Package indices: `dists/<suite>/InRelease` (its OpenPGP signature checked with gpgv against the
 * source's keyring), whose SHA256 list pins `Packages.gz`/`.xz`, which is then downloaded through
 * the host's verified cache. Only stanzas of the packages asked for are parsed.
 */
import {execFile, spawn} from 'node:child_process'
import {existsSync, readdirSync} from 'node:fs'
import {mkdir, readFile, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {gunzipSync} from 'node:zlib'
import type {TckApi} from 'tck'
import type {AptSource} from './apt-sources.js'

export interface DebPackage {
  name: string
  version: string
  architecture: string
  filename: string
  size: number
  sha256: string
  /** The archive it comes from: `uri` + `/` + `filename` downloads it. */
  uri: string
  suite: string
}

const RELEASE_MAX_AGE_MS = 3_600_000

function trustedKeyrings(source: AptSource): string[] {
  if (source.signedBy) return [source.signedBy]
  const dir = '/etc/apt/trusted.gpg.d'
  const found = existsSync(dir) ? readdirSync(dir).filter((name) => /\.(gpg|asc)$/.test(name)).map((name) => join(dir, name)) : []
  return existsSync('/etc/apt/trusted.gpg') ? [...found, '/etc/apt/trusted.gpg'] : found
}

/** The signed text of InRelease, as gpgv vouches for it. */
function verifiedText(api: TckApi, file: string, source: AptSource): Promise<string> {
  const gpgv = api.which('gpgv')
  const keyrings = trustedKeyrings(source)
  if (!gpgv || keyrings.length === 0) {
    throw new api.TckError('TOOLCHAIN_INVALID', `cannot check the signature of ${source.uri} ${source.suite}: ${gpgv ? 'no keyring (Signed-By) for it' : 'gpgv is not installed'}`, {
      hint: 'Install gpgv (apt-get install gpgv) and give the source a Signed-By keyring.',
    })
  }
  return new Promise((resolve, reject) => {
    execFile(gpgv, [...keyrings.flatMap((keyring) => ['--keyring', keyring]), '--output', '-', file], {encoding: 'utf8', maxBuffer: 64 << 20}, (error, stdout, stderr) => {
      if (error) reject(new api.TckError('TOOLCHAIN_INVALID', `the signature of ${source.uri}/dists/${source.suite}/InRelease does not verify: ${stderr.trim().split('\n').at(-1)}`))
      else resolve(stdout)
    })
  })
}

async function inRelease(api: TckApi, source: AptSource): Promise<string> {
  const dir = join(api.toolchains.cacheDir(), 'debian')
  const file = join(dir, `${`${source.uri}/${source.suite}`.replace(/[^A-Za-z0-9.-]+/g, '_')}.InRelease`)
  const info = await stat(file).catch(() => undefined)
  const fresh = info && (Date.now() - info.mtimeMs < RELEASE_MAX_AGE_MS || api.toolchains.offline())
  if (!fresh) {
    if (api.toolchains.offline()) throw new api.TckError('OFFLINE', `the index of ${source.uri} ${source.suite} is not cached and tck is offline`)
    const response = await fetch(`${source.uri}/dists/${source.suite}/InRelease`)
    if (!response.ok) throw new api.TckError('DOWNLOAD_FAILED', `${source.uri}/dists/${source.suite}/InRelease answered ${response.status}`)
    await mkdir(dir, {recursive: true})
    await api.atomicWriteFile(file, Buffer.from(await response.arrayBuffer()))
  }
  return verifiedText(api, file, source)
}

function xzDecompress(api: TckApi, path: string): Promise<Buffer> {
  const xz = api.which('xz')
  if (!xz) throw new api.TckError('ARCHIVE_INVALID', 'reading a Packages.xz index needs `xz` (apt-get install xz-utils)')
  return new Promise((resolve, reject) => {
    const child = spawn(xz, ['-dc', path], {stdio: ['ignore', 'pipe', 'inherit']})
    const chunks: Buffer[] = []
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk))
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(chunks)) : reject(new Error(`xz exited with ${code} on ${path}`))))
  })
}

/** Stanzas of `wanted` packages in one component's index of one suite. */
export async function findPackages(api: TckApi, source: AptSource, component: string, arch: string, wanted: Set<string>): Promise<DebPackage[]> {
  const release = await inRelease(api, source)
  const hashes = release.split(/^SHA256:\s*$/m)[1] ?? ''
  const entries = new Map<string, {sha256: string; size: number}>()
  for (const match of hashes.matchAll(/^ ([0-9a-f]{64})\s+(\d+)\s+(\S+)$/gm)) entries.set(match[3], {sha256: match[1], size: Number(match[2])})
  const base = `${component}/binary-${arch}/Packages`
  const choice = entries.has(`${base}.gz`) ? `${base}.gz` : entries.has(`${base}.xz`) ? `${base}.xz` : undefined
  if (!choice) return []
  const {sha256, size} = entries.get(choice)!
  const index = await api.toolchains.download({urls: [`${source.uri}/dists/${source.suite}/${choice}`], sha256, size, label: `${source.suite} ${choice}`})
  const text = (choice.endsWith('.gz') ? gunzipSync(await readFile(index.path)) : await xzDecompress(api, index.path)).toString('utf8')
  const found: DebPackage[] = []
  for (const stanza of text.split('\n\n')) {
    const name = /^Package: (\S+)/.exec(stanza)?.[1]
    if (!name || !wanted.has(name)) continue
    const field = (key: string) => new RegExp(`^${key}: (.*)$`, 'm').exec(stanza)?.[1]?.trim() ?? ''
    found.push({name, version: field('Version'), architecture: field('Architecture'), filename: field('Filename'), size: Number(field('Size')), sha256: field('SHA256'), uri: source.uri, suite: source.suite})
  }
  return found
}
