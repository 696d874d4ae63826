/** SHA-256 through node's OpenSSL (SHA-NI): the digest of every key and blob, Bazel-compatible. */
import {createHash} from 'node:crypto'
import {open} from 'node:fs/promises'

/**
 * Files are read in large chunks into one reused buffer: a read stream's fresh 1 MiB chunks cost
 * about a fifth of the hashing rate, which put it below `openssl dgst` (bench/hash.bench.js).
 */
const CHUNK = 4 << 20

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256')
  const file = await open(path, 'r')
  try {
    const {size} = await file.stat()
    const buffer = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(size, 1)))
    // Until end of file, not until `size`: a file that grows while it is read is hashed whole.
    for (;;) {
      const {bytesRead} = await file.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      hash.update(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead))
    }
  } finally {
    await file.close()
  }
  return hash.digest('hex')
}
