/**
 * The download manager: files addressed by their digest in one cache directory, verified while
 * they stream, resumed with an HTTP Range request after an interruption (and fetched from zero
 * once more when a resumed file fails its digest), retried with exponential backoff, tried
 * mirror by mirror; two processes asking for one file download it once (a lock per
 * digest). Offline mode answers from the cache only.
 */
import {createHash} from 'node:crypto'
import {createReadStream} from 'node:fs'
import {mkdir, open, rename, rm, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {Agent, interceptors, request, type Dispatcher} from 'undici'
import {TckError} from '../errors.js'
import {withLock} from './lock.js'
import {isOffline} from './offline.js'
import {progressFor} from './progress.js'

export interface Digest {
  algorithm: 'sha256' | 'sha512'
  /** Lower-case hex. */
  value: string
}

export interface DownloadRequest {
  /** Mirrors, tried in order: http(s) URLs, or `file:` URLs of a local copy. */
  urls: string[]
  /** Hex SHA-256, or an npm-style SRI string (`sha512-<base64>`); one of them is required. */
  sha256?: string
  integrity?: string
  size?: number
  /** What the progress line and errors call it. */
  label?: string
  signal?: AbortSignal
}

export interface DownloadOptions {
  cacheDir: string
  /** Use only what is cached (also `TCK_OFFLINE=1`). */
  offline?: boolean
  /** Attempts per mirror after the first (default 4, or `TCK_DOWNLOAD_RETRIES`). */
  retries?: number
  /** First backoff delay; doubles each retry (default 500 ms, or `TCK_DOWNLOAD_BACKOFF_MS`). */
  backoffMs?: number
  progress?: 'auto' | 'none'
}

export interface Downloaded {
  path: string
  digest: Digest
  fromCache: boolean
}

class Retryable extends Error {}
class Permanent extends Error {}

let dispatcher: Dispatcher | undefined
function httpDispatcher(): Dispatcher {
  dispatcher ??= new Agent({connect: {timeout: 30_000}}).compose(interceptors.redirect({maxRedirections: 5}))
  return dispatcher
}

export function digestOf(request: Pick<DownloadRequest, 'sha256' | 'integrity' | 'label'>): Digest {
  if (request.sha256) {
    if (!/^[0-9a-f]{64}$/i.test(request.sha256)) {
      throw new TckError('TOOLCHAIN_INVALID', `${request.label ?? 'download'}: "${request.sha256}" is not a SHA-256 (64 hex digits)`)
    }
    return {algorithm: 'sha256', value: request.sha256.toLowerCase()}
  }
  const match = /^(sha256|sha512)-([A-Za-z0-9+/=]+)$/.exec(request.integrity ?? '')
  if (!match) {
    throw new TckError('TOOLCHAIN_INVALID', `${request.label ?? 'download'} has no usable checksum (need sha256 or a sha512 integrity)`, {
      hint: 'tck never downloads a file it cannot verify.',
    })
  }
  return {algorithm: match[1] as Digest['algorithm'], value: Buffer.from(match[2], 'base64').toString('hex')}
}

export function cachedPath(cacheDir: string, digest: Digest): string {
  return join(cacheDir, `${digest.algorithm}-${digest.value}`)
}

export async function hashFile(path: string, algorithm: Digest['algorithm']): Promise<string> {
  const hash = createHash(algorithm)
  for await (const chunk of createReadStream(path, {highWaterMark: 1 << 20})) hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/** A cached file is used only if it still hashes to its name; a corrupt one is removed. */
async function verifiedCache(path: string, digest: Digest): Promise<boolean> {
  if (!(await stat(path).catch(() => undefined))) return false
  if ((await hashFile(path, digest.algorithm)) === digest.value) return true
  await rm(path, {force: true})
  return false
}

const envNumber = (name: string) => (process.env[name] ? Number(process.env[name]) : undefined)

export async function download(req: DownloadRequest, options: DownloadOptions): Promise<Downloaded> {
  const digest = digestOf(req)
  const label = req.label ?? req.urls[0] ?? digest.value
  const final = cachedPath(options.cacheDir, digest)
  if (await verifiedCache(final, digest)) return {path: final, digest, fromCache: true}
  if (isOffline(options.offline)) {
    throw new TckError('OFFLINE', `${label} is not in the download cache (${final}) and tck is offline`, {
      hint: 'Run once with network access (unset TCK_OFFLINE / drop --offline) to fill the cache.',
    })
  }
  if (req.urls.length === 0) throw new TckError('DOWNLOAD_FAILED', `${label}: no URL to download it from`)
  await mkdir(options.cacheDir, {recursive: true})
  return withLock(`${final}.lock`, async () => {
    // Another process may have finished it while we waited for the lock.
    if (await verifiedCache(final, digest)) return {path: final, digest, fromCache: true}
    await fetchFromMirrors(req, options, digest, label, final)
    return {path: final, digest, fromCache: false}
  })
}

async function fetchFromMirrors(req: DownloadRequest, options: DownloadOptions, digest: Digest, label: string, final: string) {
  const retries = options.retries ?? envNumber('TCK_DOWNLOAD_RETRIES') ?? 4
  const backoffMs = options.backoffMs ?? envNumber('TCK_DOWNLOAD_BACKOFF_MS') ?? 500
  const part = `${final}.part`
  const failures: string[] = []
  let mismatch: string | undefined
  for (const url of req.urls) {
    for (let attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, backoffMs * 2 ** (attempt - 1)))
      try {
        const fetchPart = () => fetchOnce(url, part, digest, req.size, progressFor(label, options.progress), req.signal)
        let result = await fetchPart()
        if (result.actual !== digest.value && result.resumed) {
          // The partial file held other bytes than the server's (a crash mid-write, a disk error,
          // a file that changed upstream): the resume cannot be trusted, so start over, once.
          await rm(part, {force: true})
          result = await fetchPart()
        }
        const {actual} = result
        if (actual !== digest.value) {
          await rm(part, {force: true})
          mismatch = `${url} has ${digest.algorithm} ${actual}, expected ${digest.value}`
          break
        }
        await rename(part, final)
        return
      } catch (error) {
        if (req.signal?.aborted) throw error
        const message = error instanceof Error ? error.message : String(error)
        failures.push(`${url}: ${message}`)
        if (error instanceof Permanent) break
      }
    }
  }
  if (mismatch) {
    throw new TckError('CHECKSUM_MISMATCH', `checksum mismatch for ${label}: ${mismatch}; the file was deleted`, {
      hint: 'The server sent something else than the metadata promises: check the URL and the checksum in the toolchain metadata.',
    })
  }
  throw new TckError('DOWNLOAD_FAILED', `could not download ${label}:\n  ${failures.slice(-6).join('\n  ')}`, {
    hint: 'Check the network and the URLs; a partial download is kept and resumed next time.',
  })
}

async function fetchOnce(
  url: string,
  part: string,
  digest: Digest,
  expectedSize: number | undefined,
  progress: ReturnType<typeof progressFor>,
  signal?: AbortSignal,
): Promise<{actual: string; resumed: boolean}> {
  if (url.startsWith('file:')) return {actual: await copyLocal(url, part, digest, progress), resumed: false}
  const offset = (await stat(part).catch(() => undefined))?.size ?? 0
  const headers: Record<string, string> = {'user-agent': 'tck', ...(offset > 0 ? {range: `bytes=${offset}-`} : {})}
  const response = await request(url, {dispatcher: httpDispatcher(), headers, signal, bodyTimeout: 60_000, headersTimeout: 60_000})
  const status = response.statusCode
  if (status === 416) {
    await response.body.dump()
    await rm(part, {force: true})
    throw new Retryable('server refused the resume range; starting over')
  }
  if (status >= 400) {
    await response.body.dump()
    if (status >= 500 || status === 429 || status === 408) throw new Retryable(`HTTP ${status}`)
    throw new Permanent(`HTTP ${status}`)
  }
  const hash = createHash(digest.algorithm)
  let start = 0
  if (status === 206 && offset > 0) {
    const range = /bytes (\d+)-/.exec(String(response.headers['content-range'] ?? ''))
    if (!range || Number(range[1]) !== offset) {
      await response.body.dump()
      await rm(part, {force: true})
      throw new Retryable(`server answered range ${offset}- with "${response.headers['content-range']}"; starting over`)
    }
    for await (const chunk of createReadStream(part, {highWaterMark: 1 << 20})) hash.update(chunk as Buffer)
    start = offset
  }
  const length = Number(response.headers['content-length'])
  progress.start(Number.isFinite(length) ? start + length : expectedSize, start)
  const handle = await open(part, start > 0 ? 'a' : 'w')
  let received = start
  // Chunks arrive at 16-64 KiB; one write per MiB costs a fraction of the system calls. A clock
  // writes what is pending every 200 ms, so a stalled or slow download's partial file (what a
  // resume starts from) holds what arrived. No fsync: every use of a cached download hashes it
  // again, so a file a crash damaged is fetched anew.
  let pending: Buffer[] = []
  let pendingBytes = 0
  let writing: Promise<unknown> = Promise.resolve()
  const flush = () => {
    if (pendingBytes > 0) {
      const data = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes)
      writing = writing.then(() => handle.write(data))
      pending = []
      pendingBytes = 0
    }
    return writing
  }
  const clock = setInterval(() => void flush().catch(() => undefined), 200)
  try {
    for await (const chunk of response.body) {
      const bytes = chunk as Buffer
      hash.update(bytes)
      pending.push(bytes)
      pendingBytes += bytes.length
      received += bytes.length
      progress.advance(bytes.length)
      if (expectedSize !== undefined && received > expectedSize) {
        await rm(part, {force: true})
        throw new Permanent(`the server sent more than the expected ${expectedSize} bytes`)
      }
      if (pendingBytes >= 1 << 20) await flush()
    }
    await flush()
  } finally {
    clearInterval(clock)
    // After an error, what arrived before it is kept too: the next attempt resumes after it.
    await flush().catch(() => undefined)
    await handle.close()
  }
  if (Number.isFinite(length) && received !== start + length) throw new Retryable('the connection closed early')
  progress.done()
  return {actual: hash.digest('hex'), resumed: start > 0}
}

/** A `file:` mirror (a shared drive, a pre-seeded directory): copied and hashed, never resumed. */
async function copyLocal(url: string, part: string, digest: Digest, progress: ReturnType<typeof progressFor>): Promise<string> {
  const source = fileURLToPath(url)
  const info = await stat(source).catch(() => undefined)
  if (!info?.isFile()) throw new Permanent(`${source} does not exist`)
  const hash = createHash(digest.algorithm)
  progress.start(info.size, 0)
  const handle = await open(part, 'w')
  try {
    for await (const chunk of createReadStream(source, {highWaterMark: 1 << 20})) {
      hash.update(chunk as Buffer)
      await handle.write(chunk as Buffer)
      progress.advance((chunk as Buffer).length)
    }
    await handle.sync()
  } finally {
    await handle.close()
  }
  progress.done()
  return hash.digest('hex')
}
