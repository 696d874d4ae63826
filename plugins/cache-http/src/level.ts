/**
 * A cache level on a Bazel HTTP remote cache: blobs at /cas/<sha256>, action results at
 * /ac/<key> (tck's JSON, not Bazel's protobuf). Every downloaded blob is hashed; one whose
 * content is not its digest is rejected, reported and treated as absent.
 */
import {createHash, randomBytes} from 'node:crypto'
import {createReadStream, createWriteStream} from 'node:fs'
import {rename, rm, stat} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import {pipeline} from 'node:stream/promises'
import type {ActionResult, CacheLevel, TckApi} from 'tck'
import {bounded, declaredTooLarge, TooLarge, type Bounds} from './bounded.js'
import {CacheClient, RemoteError} from './client.js'
import type {HttpSettings} from './settings.js'

const HEX64 = /^[0-9a-f]{64}$/
const ASK_FIRST_BYTES = 64 << 10
/** Bounds for bodies whose size nobody told us: an action result, a blob read whole into memory. */
const MAX_ACTION_BYTES = 16 << 20
const MAX_UNSIZED_BLOB_BYTES = 256 << 20

function checkDigest(digest: string): void {
  if (!HEX64.test(digest)) throw new Error(`"${digest}" is not a SHA-256 hex digest`)
}

export class HttpLevel implements CacheLevel {
  readonly name: string
  readonly readOnly: boolean
  readonly client: CacheClient
  /** Blobs rejected because their content did not match their digest. */
  rejected = 0
  /** Digests this server holds wrongly: the good blob is sent after the rebuild, whatever its size. */
  readonly #damaged = new Set<string>()

  constructor(readonly api: TckApi, settings: HttpSettings) {
    this.name = settings.display
    this.readOnly = settings.readOnly
    this.client = new CacheClient(settings)
  }

  #reject(digest: string, what: string): undefined {
    this.rejected += 1
    this.#damaged.add(digest)
    this.api.log.warn(`cache-http: ${this.client.settings.display} served blob ${digest} ${what}: rejected`)
    return undefined
  }

  #unexpected(method: string, path: string, status: number): RemoteError {
    return new RemoteError(`${method} ${this.client.settings.origin}${path} answered ${status}`)
  }

  #bounds(path: string, limit: number): Bounds {
    const {minBytesPerSecond, timeoutMs} = this.client.settings
    return {limit, minBytesPerSecond, graceMs: timeoutMs, what: `GET ${this.client.settings.origin}${path}`}
  }

  async hasBlob(digest: string): Promise<boolean> {
    checkDigest(digest)
    const path = this.client.url('cas', digest)
    const status = await this.client.request('HEAD', path, async ({status, body}) => {
      await body.dump()
      return status
    })
    if (status === 200) return true
    if (status === 404) return false
    throw this.#unexpected('HEAD', path, status)
  }

  /** The body, or undefined when absent, or 'too large' when longer than `limit`. */
  async #get(area: 'ac' | 'cas', digest: string, limit: number): Promise<Buffer | undefined | 'too large'> {
    checkDigest(digest)
    const path = this.client.url(area, digest)
    const bounds = this.#bounds(path, limit)
    return this.client.request('GET', path, async ({status, headers, body}) => {
      if (status !== 200) {
        await body.dump()
        if (status === 404) return undefined
        throw this.#unexpected('GET', path, status)
      }
      if (declaredTooLarge(headers['content-length'], bounds)) {
        body.destroy()
        return 'too large' as const
      }
      const chunks: Buffer[] = []
      try {
        for await (const chunk of bounded(body, bounds)) chunks.push(chunk)
      } catch (error) {
        if (error instanceof TooLarge) return 'too large' as const
        throw error
      }
      return Buffer.concat(chunks)
    })
  }

  async getBlob(digest: string, size?: number): Promise<Buffer | undefined> {
    const data = await this.#get('cas', digest, size ?? MAX_UNSIZED_BLOB_BYTES)
    if (data === 'too large') return this.#reject(digest, `longer than its ${size ?? MAX_UNSIZED_BLOB_BYTES} bytes`)
    if (!data) return undefined
    const actual = this.api.sha256(data)
    return actual === digest ? data : this.#reject(digest, `with content ${actual}`)
  }

  async getBlobToFile(digest: string, destination: string, size?: number): Promise<boolean> {
    checkDigest(digest)
    const path = this.client.url('cas', digest)
    const bounds = this.#bounds(path, size ?? Number.MAX_SAFE_INTEGER)
    const temp = join(dirname(destination), `.${basename(destination)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`)
    try {
      // Each attempt rewrites the temp file from the start and hashes what it wrote.
      const actual = await this.client.request('GET', path, async ({status, headers, body}) => {
        if (status !== 200) {
          await body.dump()
          if (status === 404) return undefined
          throw this.#unexpected('GET', path, status)
        }
        if (declaredTooLarge(headers['content-length'], bounds)) {
          body.destroy()
          return 'too large'
        }
        const hash = createHash('sha256')
        try {
          await pipeline(
            bounded(body, bounds),
            async function* (source: AsyncIterable<Buffer>) {
              for await (const chunk of source) {
                hash.update(chunk)
                yield chunk
              }
            },
            createWriteStream(temp),
          )
        } catch (error) {
          if (error instanceof TooLarge) return 'too large'
          throw error
        }
        return hash.digest('hex')
      })
      if (actual === undefined) return false
      if (actual === 'too large') return Boolean(this.#reject(digest, `longer than its ${size} bytes`))
      if (actual !== digest) return Boolean(this.#reject(digest, `with content ${actual}`))
      await rename(temp, destination)
      return true
    } finally {
      await rm(temp, {force: true})
    }
  }

  async #put(area: 'ac' | 'cas', digest: string, body: () => Buffer | NodeJS.ReadableStream, length: number): Promise<void> {
    checkDigest(digest)
    const path = this.client.url(area, digest)
    const status = await this.client.request(
      'PUT',
      path,
      async (answer) => {
        await answer.body.dump()
        return answer.status
      },
      body as () => Buffer,
      length,
    )
    if (status < 200 || status >= 300) throw this.#unexpected('PUT', path, status)
  }

  /**
   * A large blob the server already holds is not sent again: one HEAD costs less than the upload.
   * One it served damaged is sent whatever its size: the HEAD would say it is there.
   */
  async #worthSending(digest: string, size: number): Promise<boolean> {
    if (this.#damaged.delete(digest)) return true
    return size < ASK_FIRST_BYTES || !(await this.hasBlob(digest))
  }

  async putBlob(digest: string, data: Buffer): Promise<void> {
    if (await this.#worthSending(digest, data.length)) await this.#put('cas', digest, () => data, data.length)
  }

  async putBlobFile(digest: string, file: string): Promise<void> {
    const {size} = await stat(file)
    if (await this.#worthSending(digest, size)) await this.#put('cas', digest, () => createReadStream(file), size)
  }

  async getAction(key: string): Promise<ActionResult | undefined> {
    const data = await this.#get('ac', key, MAX_ACTION_BYTES)
    if (data === 'too large') {
      this.api.log.warn(`cache-http: ${this.client.settings.display} served an action result for ${key} over ${MAX_ACTION_BYTES} bytes: skipped`)
      return undefined
    }
    if (!data) return undefined
    try {
      const result = JSON.parse(data.toString('utf8')) as ActionResult
      if (!Array.isArray(result.outputs) || typeof result.exitCode !== 'number') throw new Error('not an action result')
      return result
    } catch (error) {
      this.api.log.warn(`cache-http: ${this.client.settings.display} served a damaged action result for ${key}: ${(error as Error).message}`)
      return undefined
    }
  }

  async putAction(key: string, result: ActionResult): Promise<void> {
    const data = Buffer.from(JSON.stringify(result))
    await this.#put('ac', key, () => data, data.length)
  }

  close(): Promise<void> {
    return this.client.close()
  }
}
