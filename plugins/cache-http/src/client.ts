/**
 * HTTP to the remote cache over one keep-alive undici Pool. Requests pass `reset: false`, or undici
 * closes the connection after every HEAD. Network errors and 5xx answers are retried with
 * exponential backoff; other answers are returned for the caller to judge.
 */
import {Pool, type Dispatcher} from 'undici'
import type {HttpSettings} from './settings.js'

type Body = Dispatcher.DispatchOptions['body']

export interface Answer {
  status: number
  headers: Dispatcher.ResponseData['headers']
  body: Dispatcher.ResponseData['body']
}

export class RemoteError extends Error {}

export class CacheClient {
  readonly #pool: Pool

  constructor(readonly settings: HttpSettings) {
    this.#pool = new Pool(settings.origin, {
      connections: 16,
      pipelining: 1,
      keepAliveTimeout: 30_000,
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
      connect: {timeout: settings.connectTimeoutMs, ...(settings.ca ? {ca: settings.ca} : {})},
    })
  }

  url(area: 'ac' | 'cas', digest: string): string {
    return `${this.settings.base}/${area}/${digest}`
  }

  /**
   * One request with retries; `consume` reads the answer inside the retry loop, so a body cut
   * short is retried like a refused connection. `body` is a function: each attempt gets a fresh
   * stream. A 5xx or a network error is retried; 401/403 name the credentials variables.
   */
  async request<T>(
    method: 'GET' | 'HEAD' | 'PUT',
    path: string,
    consume: (answer: Answer) => Promise<T>,
    body?: () => Body,
    length?: number,
  ): Promise<T> {
    const headers: Record<string, string> = {}
    if (this.settings.authorization) headers.authorization = this.settings.authorization
    if (length !== undefined) headers['content-length'] = String(length)
    let lastError: unknown
    for (let attempt = 0; attempt <= this.settings.retries; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** (attempt - 1)))
      try {
        const response = await this.#pool.request({method, path, headers, body: body?.(), reset: false})
        if (response.statusCode === 401 || response.statusCode === 403) {
          await response.body.dump()
          throw new RemoteError(
            `${method} ${this.settings.display} was refused (${response.statusCode}): set TCK_REMOTE_CACHE_TOKEN, or TCK_REMOTE_CACHE_USER and TCK_REMOTE_CACHE_PASSWORD`,
          )
        }
        if (response.statusCode >= 500) {
          await response.body.dump()
          lastError = new RemoteError(`${method} ${this.settings.origin}${path} answered ${response.statusCode}`)
          continue
        }
        return await consume({status: response.statusCode, headers: response.headers, body: response.body})
      } catch (error) {
        if (error instanceof RemoteError) throw error
        lastError = error
      }
    }
    const reason = lastError instanceof Error ? lastError.message || lastError.name : String(lastError)
    const attempts = this.settings.retries + 1
    throw new RemoteError(`unreachable after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${reason}`)
  }

  /** Cuts what is still in flight (after an interrupt); at the end of a build nothing is. */
  close(): Promise<void> {
    return this.#pool.destroy()
  }
}
