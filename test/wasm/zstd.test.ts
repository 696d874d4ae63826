/** zstd in WASM against the zstd CLI, both ways, on headers and on inputs of 8 MiB and more. */
import test from 'ava'
import {execFileSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {glob} from 'tinyglobby'
import {zstd} from '../../core/wasm/index.js'
import {zstdCompress, zstdDecompress, zstdFrames} from '../../core/wasm/zstd.js'
import {tempDir} from '../helpers/cli.js'
import {requireProgram} from '../helpers/programs.js'

test.before((t) => { requireProgram(t, 'zstd', 'zstd') })

const dir = tempDir('tck-zstd-')
test.after.always(() => rmSync(dir, {recursive: true, force: true}))

/** Realistic input: system headers, concatenated, up to `bytes`. */
async function headers(bytes: number): Promise<Buffer> {
  const files = (await glob('**/*.h', {cwd: '/usr/include', absolute: true})).sort()
  const parts: Buffer[] = []
  let total = 0
  for (const file of files) {
    if (total >= bytes) break
    const part = readFileSync(file)
    parts.push(part)
    total += part.length
  }
  return Buffer.concat(parts).subarray(0, bytes)
}

const zstdCli = (args: string[], input?: Uint8Array): Buffer => execFileSync('zstd', ['-q', ...args], {input, maxBuffer: 1 << 30})

test('WASM output of 9 MiB of headers decompresses with the zstd CLI, and the CLI output with WASM', async (t) => {
  const input = await headers(9 << 20)
  t.true(input.length >= 8 << 20)
  const compressed = await zstdCompress(input, 3)
  t.true(compressed.length < input.length / 3, `ratio ${input.length / compressed.length}`)
  writeFileSync(join(dir, 'headers.zst'), compressed)
  t.true(zstdCli(['-d', '-c', join(dir, 'headers.zst')]).equals(input))

  writeFileSync(join(dir, 'headers'), input)
  const fromCli = zstdCli(['-3', '-c', join(dir, 'headers')])
  t.true(Buffer.from(await zstdDecompress(fromCli)).equals(input))
})

test('the raw module the store uses round-trips with the CLI on 12 MiB of incompressible bytes', async (t) => {
  const module = await zstd()
  const input = randomBytes(12 << 20)
  const compressed = module.compress(input, 3)
  t.true(zstdCli(['-d', '-c'], compressed).equals(input))
  writeFileSync(join(dir, 'random'), input)
  t.true(Buffer.from(module.decompress(zstdCli(['-3', '-c', join(dir, 'random')]))).equals(input))
})

test('a frame written by the CLI from a pipe (no declared size) decompresses', async (t) => {
  const input = await headers(10 << 20)
  const piped = zstdCli(['-3', '-c'], input)
  const [frame] = zstdFrames(piped)
  t.is(frame.contentSize, undefined)
  t.true(Buffer.from(await zstdDecompress(piped)).equals(input))
})

test('output beyond the limit is refused, declared or discovered', async (t) => {
  const input = await headers(3 << 20)
  await t.throwsAsync(zstdDecompress(await zstdCompress(input), 2 << 20), {message: /decompresses to more than 2097152 bytes/})
  await t.throwsAsync(zstdDecompress(zstdCli(['-c'], input), 2 << 20), {message: /decompresses to more than 2097152 bytes/})
  t.is((await zstdDecompress(zstdCli(['-c'], input), 3 << 20)).length, input.length)
})

test('concatenated frames and a skippable frame decompress to the concatenation', async (t) => {
  const first = await headers(1 << 20)
  const second = Buffer.from('second part\n'.repeat(1000))
  const skippable = Buffer.alloc(8 + 5)
  skippable.writeUInt32LE(0x184d2a53, 0)
  skippable.writeUInt32LE(5, 4)
  const joined = Buffer.concat([Buffer.from(await zstdCompress(first)), skippable, zstdCli(['-c'], second)])
  t.deepEqual(zstdFrames(joined).map(({skippable}) => skippable), [false, true, false])
  t.true(Buffer.from(await zstdDecompress(joined)).equals(Buffer.concat([first, second])))
  t.true(zstdCli(['-d', '-c'], joined).equals(Buffer.concat([first, second])))
})

test('truncated or damaged data is reported as corrupt, never returned', async (t) => {
  // Generated, not read from /usr/include, so the flipped byte always lands in the same place.
  const text = Buffer.from(Array.from({length: 20000}, (_, i) => `#define TCK_NAME_${i} ((int)${(i * 7919) % 65521})\n`).join(''))
  const good = Buffer.from(await zstdCompress(text))
  await t.throwsAsync(zstdDecompress(good.subarray(0, good.length - 100)), {message: /zstd data is corrupt: truncated/})
  await t.throwsAsync(zstdDecompress(Buffer.from('not zstd at all')), {message: /no zstd frame at byte 0/})
  // The CLI writes a content checksum, which libzstd checks. WASM blobs carry none: a flipped
  // literal byte there decodes silently, which is why the store verifies every blob's digest.
  const checked = zstdCli(['-3', '-c'], text)
  t.true(zstdFrames(checked).length === 1 && (checked[4] & 4) !== 0, 'the CLI frame has a checksum')
  checked[Math.floor(checked.length / 2)] ^= 0xff
  await t.throwsAsync(zstdDecompress(checked), {message: /zstd data is corrupt: frame at byte 0/})
})
