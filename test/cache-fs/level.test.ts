import test from 'ava'
import {existsSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {readdir, utimes} from 'node:fs/promises'
import {join} from 'node:path'
import {tempDir} from '../helpers/cli.js'
import {blob, openFsLevel} from './helpers.js'

test('blobs round-trip in memory and as files, compressed, with one chunk and with several', async (t) => {
  const level = openFsLevel()
  for (const {data, digest} of [blob(0), blob(4096), blob(3 * (1 << 20) + 17), blob(100_000, false)]) {
    t.false(await level.hasBlob(digest))
    await level.putBlob(digest, data)
    t.true(await level.hasBlob(digest))
    t.true((await level.getBlob(digest))?.equals(data))
    const file = join(tempDir(), 'out')
    t.true(await level.getBlobToFile(digest, file))
    t.true(readFileSync(file).equals(data))
  }
  const big = blob(5 << 20)
  t.true(statSync(level.layout.blob(blob(4096).digest)).size < 4096, 'compressible blobs are stored smaller')
  const source = join(tempDir(), 'big')
  writeFileSync(source, big.data)
  await level.putBlobFile(big.digest, source)
  t.true((await level.getBlob(big.digest))?.equals(big.data))
})

test('a blob is never stored under a digest that is not its own', async (t) => {
  const level = openFsLevel()
  const {data} = blob(100)
  await t.throwsAsync(level.putBlob(blob(101).digest, data), {message: /wrong digest/})
  const file = join(tempDir(), 'f')
  writeFileSync(file, data)
  await t.throwsAsync(level.putBlobFile(blob(101).digest, file), {message: /changed while/})
  t.deepEqual(await readdir(level.layout.dir).then((names) => names.filter((name) => name === 'cas')), [])
})

test('a flipped byte on disk is detected, removed, counted as a miss and never returned', async (t) => {
  const level = openFsLevel()
  for (const [size, offset] of [[200_000, 40], [4096, 20], [4096, -1]] as const) {
    const {data, digest} = blob(size)
    await level.putBlob(digest, data)
    const path = level.layout.blob(digest)
    const bytes = readFileSync(path)
    const at = offset < 0 ? bytes.length + offset : offset
    bytes[at] ^= 0x01
    writeFileSync(path, bytes)
    t.is(await level.getBlob(digest), undefined)
    t.false(existsSync(path), 'the corrupt blob is removed')
    await level.putBlob(digest, data)
    writeFileSync(path, readFileSync(path).subarray(0, -3))
    t.false(await level.getBlobToFile(digest, join(tempDir(), 'x')), 'a truncated blob is not restored')
    t.false(existsSync(path))
  }
  t.is(level.counts.corrupt, 6)
})

test('action results are checksummed: an edited result is a miss', async (t) => {
  const level = openFsLevel()
  const key = blob(1).digest
  const result = {outputs: [{path: 'out/a', digest: blob(2).digest, size: 2, mode: 0o644}], exitCode: 0, createdAt: 'now', durationMs: 5}
  t.is(await level.getAction(key), undefined)
  await level.putAction(key, result)
  t.deepEqual(await level.getAction(key), result)
  const path = level.layout.action(key)
  writeFileSync(path, readFileSync(path, 'utf8').replace('"size":2', '"size":3'))
  t.is(await level.getAction(key), undefined)
  t.deepEqual({hits: level.counts.hits, misses: level.counts.misses, corrupt: level.counts.corrupt}, {hits: 1, misses: 2, corrupt: 1})
})

test('hit and miss counters persist across processes and clear resets them', async (t) => {
  const first = openFsLevel()
  const key = blob(3).digest
  await first.putAction(key, {outputs: [], exitCode: 0, createdAt: 'now', durationMs: 1})
  await first.getAction(key)
  await first.getAction(blob(4).digest)
  await first.close()
  const second = openFsLevel({dir: first.options.dir})
  await second.getAction(key)
  await second.close()
  const stats = await openFsLevel({dir: first.options.dir}).stats()
  t.like(stats, {entries: 1, hits: 2, misses: 1})
  await second.clear()
  t.like(await openFsLevel({dir: first.options.dir}).stats(), {entries: 0, bytes: 0, hits: 0, misses: 0})
})

test('gc removes the least recently used entries first, down to the size asked', async (t) => {
  const level = openFsLevel()
  const blobs = [blob(50_000, false), blob(50_001, false), blob(50_002, false)]
  for (const [index, {data, digest}] of blobs.entries()) {
    await level.putBlob(digest, data)
    const old = new Date(Date.now() - (10 - index) * 3_600_000)
    await utimes(level.layout.blob(digest), old, old)
  }
  // Reading the oldest marks it used, so the second oldest goes first.
  t.truthy(await level.getBlob(blobs[0].digest))
  const {removed} = await level.gc(110_000)
  t.is(removed, 1)
  t.true(await level.hasBlob(blobs[0].digest))
  t.false(await level.hasBlob(blobs[1].digest))
  t.true(await level.hasBlob(blobs[2].digest))
  t.like(await level.gc(0), {removed: 2})
})

test('uncompressed blobs are hardlinked when the mode matches, copied otherwise', async (t) => {
  const level = openFsLevel({compression: 'none'})
  const {data, digest} = blob(10_000)
  const source = join(tempDir(), 'src')
  writeFileSync(source, data, {mode: 0o644})
  await level.putBlobFile(digest, source)
  const destination = join(tempDir(), 'linked')
  t.true(await level.linkBlob(digest, destination, 0o644))
  t.is(statSync(destination).ino, statSync(level.layout.blob(digest, true)).ino)
  t.false(await level.linkBlob(digest, join(tempDir(), 'exe'), 0o755), 'another mode is not linked')
  t.true((await level.getBlob(digest))?.equals(data))
})
