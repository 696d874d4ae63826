// SHA-256 (node's OpenSSL, the content digest of the store and of downloads) against
// `openssl dgst -sha256` on the same 256 MiB file in a temp dir.
import {execFileSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {bestOfTurns, MiB, rateRows} from './measure.js'

const root = new URL('..', import.meta.url).pathname
const {sha256File} = await import(join(root, 'dist/core/io/digest.js'))

const FILE_MIB = 256
const ROUNDS = 5

export default async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'tck-bench-hash-'))
  const file = join(dir, 'blob')
  try {
    writeFileSync(file, randomBytes(FILE_MIB * MiB))
    const bytes = FILE_MIB * MiB
    // Both sides read the same file from the page cache; the peer pays its process start.
    const check = await sha256File(file)
    if (execFileSync('openssl', ['dgst', '-sha256', '-r', file], {encoding: 'utf8'}).split(' ')[0] !== check) throw new Error('SHA-256 differs from openssl')
    const [sha, openssl] = await bestOfTurns([() => sha256File(file), ['openssl', 'dgst', '-sha256', file]], ROUNDS)
    return rateRows(`SHA-256, ${FILE_MIB} MiB file`, bytes, sha, openssl, 'openssl dgst -sha256', 'target ratio >= 0.9')
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}
