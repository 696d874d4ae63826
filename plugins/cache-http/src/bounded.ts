/**
 * Reading a remote body within bounds: never more bytes than the blob can have (the action result
 * lists each output's size), and never slower than a minimum rate once the grace time is over.
 * Without these, a remote that trickles one byte a second holds a build for ever, and one that
 * answers gigabytes for a few-byte output fills the disk before the hash rejects it.
 */
import type {Readable} from 'node:stream'
import {RemoteError} from './client.js'

/** The body was longer than the blob can be: a lie about this blob, not a failure of the level. */
export class TooLarge extends Error {}

export interface Bounds {
  /** Most bytes the body may have. */
  limit: number
  /** After `graceMs`, the body must have averaged at least this many bytes a second. */
  minBytesPerSecond: number
  graceMs: number
  /** Names the request in the error. */
  what: string
}

export function declaredTooLarge(length: string | string[] | undefined, bounds: Bounds): boolean {
  const declared = Number(Array.isArray(length) ? length[0] : length)
  return Number.isFinite(declared) && declared > bounds.limit
}

/** Yields the body's chunks, ending it with TooLarge or a RemoteError (too slow) when a bound is crossed. */
export async function* bounded(body: Readable & AsyncIterable<Buffer>, bounds: Bounds): AsyncGenerator<Buffer> {
  const started = performance.now()
  let received = 0
  try {
    for await (const chunk of body) {
      received += chunk.length
      if (received > bounds.limit) throw new TooLarge(`${bounds.what} sent more than the ${bounds.limit} bytes the blob has`)
      const late = performance.now() - started - bounds.graceMs
      if (late > 0 && received < (bounds.minBytesPerSecond * late) / 1000) {
        throw new RemoteError(
          `${bounds.what} is too slow: ${received} bytes in ${Math.round((performance.now() - started) / 1000)} s, below the minimum of ${bounds.minBytesPerSecond} bytes/s`,
        )
      }
      yield chunk
    }
  } catch (error) {
    body.destroy()
    throw error
  }
}
