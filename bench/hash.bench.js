// SHA-256 (node's OpenSSL) against `openssl dgst -sha256`, and xxh3-128 (WASM) against `xxhsum -H2`,
// on the same 256 MiB file in a temp dir; plus many small inputs, the fingerprint workload.
import {execFileSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {bestOfTurns, MiB, rate, sideBySide} from './measure.js'

const root = new URL('..', import.meta.url).pathname
const {sha256, sha256File} = await import(join(root, 'dist/core/io/digest.js'))
const {fingerprintBytes, fingerprintFile} = await import(join(root, 'dist/core/io/fingerprint.js'))

const FILE_MIB = 256
const ROUNDS = 5

export default async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'tck-bench-hash-'))
  const file = join(dir, 'blob')
  try {
    writeFileSync(file, randomBytes(FILE_MIB * MiB))
    const bytes = FILE_MIB * MiB
    // Both sides read the same file from the page cache; the peers pay their process start.
    const check = await sha256File(file)
    if (execFileSync('openssl', ['dgst', '-sha256', '-r', file], {encoding: 'utf8'}).split(' ')[0] !== check) throw new Error('SHA-256 differs from openssl')
    const [sha, openssl] = await bestOfTurns([() => sha256File(file), () => execFileSync('openssl', ['dgst', '-sha256', file], {stdio: 'ignore'})], ROUNDS)
    const [xxh, xxhsum] = await bestOfTurns([() => fingerprintFile(file), () => execFileSync('xxhsum', ['-H2', file], {stdio: 'ignore'})], ROUNDS)

    // Small inputs: what change detection hashes most (paths, stat records, short files).
    const small = Array.from({length: 200_000}, (_, i) => `src/module-${i}/file-${i % 97}.c:${i * 7919}:${'x'.repeat(i % 40)}`)
    await fingerprintBytes('warm-up')
    const [xxhSmall, shaSmall] = await bestOfTurns([
      async () => {
        for (const text of small) await fingerprintBytes(text)
      },
      () => {
        for (const text of small) sha256(text)
      },
    ], ROUNDS)

    return [
      sideBySide(`SHA-256, ${FILE_MIB} MiB file`, rate(bytes, sha), 'MB/s', 'openssl dgst -sha256', rate(bytes, openssl), 'target ratio >= 0.9'),
      sideBySide(`xxh3-128 (WASM), ${FILE_MIB} MiB file`, rate(bytes, xxh), 'MB/s', 'xxhsum -H2 (native)', rate(bytes, xxhsum)),
      sideBySide('xxh3-128 (WASM), 200,000 small inputs', Number((small.length / (xxhSmall / 1000) / 1e6).toFixed(2)), 'M inputs/s', 'SHA-256 (OpenSSL)', Number((small.length / (shaSmall / 1000) / 1e6).toFixed(2))),
    ]
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}
