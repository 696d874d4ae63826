// SHA-256 (node's OpenSSL) against `openssl dgst -sha256`, and xxh3-128 (WASM) against `xxhsum -H2`,
// on the same 256 MiB file in a temp dir; plus many small inputs, the fingerprint workload.
import {execFileSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {bestOfTurns, MiB, rateRows, sideBySide} from './measure.js'

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
    const [sha, openssl] = await bestOfTurns([() => sha256File(file), ['openssl', 'dgst', '-sha256', file]], ROUNDS)
    const [xxh, xxhsum] = await bestOfTurns([() => fingerprintFile(file), ['xxhsum', '-H2', file]], ROUNDS)

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

    const perSecond = (ms) => Number((small.length / (ms / 1000) / 1e6).toFixed(2))
    return [
      ...rateRows(`SHA-256, ${FILE_MIB} MiB file`, bytes, sha, openssl, 'openssl dgst -sha256', 'target ratio >= 0.9'),
      ...rateRows(`xxh3-128 (WASM), ${FILE_MIB} MiB file`, bytes, xxh, xxhsum, 'xxhsum -H2 (native)'),
      sideBySide('xxh3-128 (WASM), 200,000 small inputs (CPU time)', perSecond(xxhSmall.cpu), 'M inputs/s', 'SHA-256 (OpenSSL)', perSecond(shaSmall.cpu)),
    ]
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}
