/**
 * tar.zst extraction on a machine without the zstd program: WASM zstd (core/wasm/zstd.ts), frame
 * by frame. The archives are made by the real CLI from a pipe, so their frames declare no size.
 * PATH is emptied for these tests only (their own process), so the CLI cannot be the one used.
 */
import test from 'ava'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {extractArchive} from '../../core/io/extract.js'
import {which} from '../../core/io/tools.js'
import {zstdFrames} from '../../core/wasm/zstd.js'
import {tempDir} from '../helpers/cli.js'
import {compressWith, tar, writeArchive} from './archives.js'

const header = Buffer.from(Array.from({length: 500_000}, (_, i) => `#define TCK_NAME_${i} ((int)${(i * 7919) % 65521})\n`).join('')).subarray(0, 16 << 20)
const entries = [
  {name: 'pkg/', type: 'dir' as const},
  {name: 'pkg/include/big.h', body: header},
  {name: 'pkg/include/alias.h', type: 'symlink' as const, link: 'big.h'},
]
const piped = compressWith('zstd', tar(entries))
// The same tar cut in two at an odd offset, each half its own frame: a frame boundary inside an entry.
const whole = tar(entries)
const halves = Buffer.concat([compressWith('zstd', whole.subarray(0, 5_000_001)), compressWith('zstd', whole.subarray(5_000_001))])

const path = process.env.PATH
test.before(() => (process.env.PATH = tempDir('tck-no-zstd-')))
test.after.always(() => (process.env.PATH = path))

test.serial('without the zstd program, a 16 MiB tar.zst written from a pipe extracts through WASM', async (t) => {
  t.is(which('zstd'), undefined, 'the zstd program is out of reach')
  t.is(header.length, 16 << 20)
  t.is(zstdFrames(piped)[0].contentSize, undefined, 'the frame declares no size, as a piped one does not')
  const destination = join(tempDir(), 'out')
  const result = await extractArchive(writeArchive(join(tempDir(), 'tc.tar.zst'), piped), destination, {stripComponents: 1})
  t.is(result.format, 'tar.zst')
  t.true(readFileSync(join(destination, 'include/big.h')).equals(header))
  t.is(readFileSync(join(destination, 'include/alias.h'), 'utf8'), header.toString('utf8'))
})

test.serial('an entry split across two zstd frames extracts intact', async (t) => {
  t.is(zstdFrames(halves).length, 2)
  const destination = join(tempDir(), 'out')
  await extractArchive(writeArchive(join(tempDir(), 'halves.tar.zst'), halves), destination, {stripComponents: 1})
  t.true(readFileSync(join(destination, 'include/big.h')).equals(header))
})

test.serial('a frame bigger than the size limit is refused before it is decoded whole', async (t) => {
  const root = tempDir()
  const error = await t.throwsAsync(extractArchive(writeArchive(join(root, 'tc.tar.zst'), piped), join(root, 'out'), {maxBytes: 4 << 20}))
  t.is((error as any).code, 'ARCHIVE_UNSAFE')
  t.regex(error!.message, /decompresses past its limit of 4\.0 MiB/)
  t.false(existsSync(join(root, 'out')))
})

test.serial('a damaged tar.zst is ARCHIVE_INVALID', async (t) => {
  const damaged = Buffer.from(piped)
  damaged[damaged.length >> 1] ^= 0xff
  const root = tempDir()
  const error = await t.throwsAsync(extractArchive(writeArchive(join(root, 'bad.tar.zst'), damaged), join(root, 'out')))
  t.is((error as any).code, 'ARCHIVE_INVALID')
  t.regex(error!.message, /archive bad\.tar\.zst is damaged .*zstd/)
})
