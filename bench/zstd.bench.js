// zstd in WASM against the zstd CLI at the same level (3, one thread), compress and decompress,
// on concatenated system headers: the kind of text a C build stores.
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {glob} from 'tinyglobby'
import {bestOfTurns, MiB, rateRows, sideBySide} from './measure.js'

const root = new URL('..', import.meta.url).pathname
const {zstdCompress, zstdDecompress} = await import(join(root, 'dist/core/wasm/zstd.js'))

const INPUT_MIB = 32
const LEVEL = 3
const ROUNDS = 5

async function headers(bytes) {
  const parts = []
  let total = 0
  for (const file of (await glob('**/*.h', {cwd: '/usr/include', absolute: true})).sort()) {
    if (total >= bytes) break
    const part = readFileSync(file)
    parts.push(part)
    total += part.length
  }
  return Buffer.concat(parts).subarray(0, bytes)
}


export default async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'tck-bench-zstd-'))
  try {
    const input = await headers(INPUT_MIB * MiB)
    const plain = join(dir, 'headers')
    writeFileSync(plain, input)
    const cli = (args) => ['zstd', '-q', '-f', '-T1', ...args]

    let compressed
    const [wasmCompress, cliCompress] = await bestOfTurns([
      async () => (compressed = await zstdCompress(input, LEVEL)),
      cli([`-${LEVEL}`, plain, '-o', join(dir, 'cli.zst')]),
    ], ROUNDS)
    const cliSize = statSync(join(dir, 'cli.zst')).size
    writeFileSync(join(dir, 'wasm.zst'), compressed)

    const [wasmDecompress, cliDecompress] = await bestOfTurns([
      () => zstdDecompress(compressed),
      cli(['-d', join(dir, 'wasm.zst'), '-o', join(dir, 'out')]),
    ], ROUNDS)
    if (!Buffer.from(await zstdDecompress(compressed)).equals(readFileSync(join(dir, 'out')))) throw new Error('round trip differs')

    const mib = `${INPUT_MIB} MiB of /usr/include headers, level ${LEVEL}`
    return [
      ...rateRows(`zstd compress (WASM), ${mib}`, input.length, wasmCompress, cliCompress, 'zstd CLI -3 -T1', 'target ratio >= 0.5'),
      ...rateRows(`zstd decompress (WASM), ${mib}`, input.length, wasmDecompress, cliDecompress, 'zstd CLI -d'),
      sideBySide(`zstd compression ratio (WASM), ${mib}`, Number((input.length / compressed.length).toFixed(2)), 'x', 'zstd CLI -3', Number((input.length / cliSize).toFixed(2))),
    ]
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}
