/** SHA-256 through node's OpenSSL (SHA-NI): the digest of every key and blob, Bazel-compatible. */
import {createHash} from 'node:crypto'
import {createReadStream} from 'node:fs'

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  for await (const chunk of createReadStream(path, {highWaterMark: 1 << 20})) hash.update(chunk as Buffer)
  return hash.digest('hex')
}
