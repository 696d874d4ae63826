import test from 'ava'
import {execFile, execFileSync, spawn} from 'node:child_process'
import {openSync, readdirSync, statSync, utimesSync, writeSync, closeSync} from 'node:fs'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {tempDir} from '../helpers/cli.js'
import {blob, openFsLevel, sharedBlob} from './helpers.js'

const worker = new URL('./worker.ts', import.meta.url).pathname
const run = promisify(execFile)

test('8 processes writing and reading the same keys at once leave no corrupt entry', async (t) => {
  const dir = join(tempDir('tck-cache-race-'), 'cache')
  const results = await Promise.all(
    Array.from({length: 8}, (_, seed) => run(process.execPath, ['--import', 'tsx', worker, 'hammer', dir, String(seed)], {maxBuffer: 1 << 20})),
  )
  for (const {stdout} of results) t.deepEqual(JSON.parse(stdout), {bad: 0, corrupt: 0})
  const level = openFsLevel({dir})
  for (let i = 0; i < 30; i++) {
    const {data, digest} = sharedBlob(i)
    t.true((await level.getBlob(digest))?.equals(data), `blob ${i} reads back whole`)
  }
  t.is(level.counts.corrupt, 0)
  t.deepEqual(readdirSync(level.layout.tmp), [], 'every finished write was renamed into place')
  t.like(await level.stats(), {entries: 60})
})

test('a writer killed with SIGKILL mid-write leaves no visible partial blob', async (t) => {
  const level = openFsLevel()
  const {data, digest} = blob(6 << 20, false)
  // A FIFO holds the writer half way: it has written some chunks and waits for more when it is killed.
  const fifo = join(tempDir(), 'source')
  execFileSync('mkfifo', [fifo])
  const child = spawn(process.execPath, ['--import', 'tsx', worker, 'put-file', level.options.dir, digest, fifo], {stdio: ['ignore', 'pipe', 'inherit']})
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal)))
  const writer = openSync(fifo, 'w')
  writeSync(writer, data.subarray(0, 3 << 20))
  const partial = async () => {
    for (;;) {
      const names = (() => { try { return readdirSync(level.layout.tmp) } catch { return [] } })()
      const sizes = names.map((name) => statSync(join(level.layout.tmp, name)).size)
      if (sizes.some((size) => size > 1 << 20)) return names
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
  }
  const leftovers = await partial()
  child.kill('SIGKILL')
  t.is(await exited, 'SIGKILL')
  closeSync(writer)
  t.false(await level.hasBlob(digest))
  t.is(await level.getBlob(digest), undefined)
  t.like(await level.stats(), {entries: 0})
  // The leftover is invisible to readers; gc removes it once it is clearly abandoned.
  const old = new Date(Date.now() - 2 * 3_600_000)
  for (const name of leftovers) utimesSync(join(level.layout.tmp, name), old, old)
  await level.gc(1 << 30)
  t.deepEqual(readdirSync(level.layout.tmp), [])
  await level.putBlob(digest, data)
  t.true((await level.getBlob(digest))?.equals(data))
})
