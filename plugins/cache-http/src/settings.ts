/**
 * A remote level's settings: `url`, `readOnly`, `timeoutMs`, `retries`, `minBytesPerSecond` and `caFile` from its
 * `cache.levels` entry, the environment filling what the entry leaves out. Credentials come only
 * from the environment, so they never land in a committed config file:
 *   TCK_REMOTE_CACHE_URL        base URL (http:// or https://), when the entry has no `url`
 *   TCK_REMOTE_CACHE_TOKEN      bearer token (Authorization: Bearer ...)
 *   TCK_REMOTE_CACHE_USER       basic auth user, with TCK_REMOTE_CACHE_PASSWORD
 *   TCK_REMOTE_CACHE_CA         PEM file of extra CA certificates to trust (or `caFile`)
 *   TCK_REMOTE_CACHE_READ_ONLY  1: never upload (or `readOnly: true`)
 */
import {readFileSync} from 'node:fs'
import type {TckApi} from 'tck'

export interface HttpSettings {
  origin: string
  /** The URL's path, without a trailing slash: `/cache` for http://host/cache/. */
  base: string
  authorization?: string
  ca?: string
  readOnly: boolean
  timeoutMs: number
  connectTimeoutMs: number
  retries: number
  /** After `timeoutMs`, a body must arrive at least this fast (bytes a second), or the level is taken out of the build. */
  minBytesPerSecond: number
  /** The URL without credentials, for messages. */
  display: string
}

export function readSettings(api: TckApi, options: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): HttpSettings {
  const fail = (problem: string) =>
    new api.TckError('CONFIG_INVALID', `cache level {provider: 'http'}: ${problem}`, {
      hint: "Example: cache: {levels: [{provider: 'fs'}, {provider: 'http', url: 'http://cache.internal:8080/'}]}, or set TCK_REMOTE_CACHE_URL.",
    })
  const text = typeof options.url === 'string' ? options.url : env.TCK_REMOTE_CACHE_URL
  if (!text) throw fail('needs "url" (or TCK_REMOTE_CACHE_URL in the environment)')
  let url: URL
  try {
    url = new URL(text)
  } catch {
    throw fail(`"${text}" is not a URL`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail(`"${text}" must be http:// or https://`)
  const number = (name: string, fallback: number, min: number) => {
    const value = options[name] ?? fallback
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min) throw fail(`"${name}" must be a number >= ${min}`)
    return value
  }
  const user = env.TCK_REMOTE_CACHE_USER ?? decodeURIComponent(url.username)
  const password = env.TCK_REMOTE_CACHE_PASSWORD ?? decodeURIComponent(url.password)
  const authorization = env.TCK_REMOTE_CACHE_TOKEN
    ? `Bearer ${env.TCK_REMOTE_CACHE_TOKEN}`
    : user
      ? `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`
      : undefined
  const caFile = typeof options.caFile === 'string' ? options.caFile : env.TCK_REMOTE_CACHE_CA
  let ca: string | undefined
  if (caFile) {
    try {
      ca = readFileSync(caFile, 'utf8')
    } catch (error) {
      throw fail(`cannot read the CA file ${caFile}: ${(error as Error).message}`)
    }
  }
  url.username = ''
  url.password = ''
  return {
    origin: url.origin,
    base: url.pathname.replace(/\/+$/, ''),
    authorization,
    ca,
    readOnly: options.readOnly === true || env.TCK_REMOTE_CACHE_READ_ONLY === '1',
    timeoutMs: number('timeoutMs', 30_000, 1),
    connectTimeoutMs: number('connectTimeoutMs', 5_000, 1),
    retries: number('retries', 2, 0),
    minBytesPerSecond: number('minBytesPerSecond', 64 << 10, 1),
    display: url.href,
  }
}
