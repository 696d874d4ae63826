import test from 'ava'
import {existsSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {blob} from '../cache-fs/helpers.js'
import {openHttpLevel} from '../cache-http/helpers.js'
import {repoRoot} from '../helpers/cli.js'
import {build, cleanup, env, project, startBuild, until} from './helpers.js'
import {startRemote, type Remote} from './remote.js'

// Remote reads are bounded in time and size, and a signal ends the build at once.

test.after.always(cleanup)

test('a remote that trickles a blob is given up within its deadline, with the reason', async (t) => {
  t.timeout(30_000)
  const remote = await startRemote()
  const level = openHttpLevel(remote.url, {timeoutMs: 1000, retries: 2})
  const {data, digest} = blob(1000, false)
  remote.store.set(`/cas/${digest}`, data)
  remote.cas = 'trickle'
  const dir = project({})
  const started = Date.now()
  try {
    await t.throwsAsync(level.getBlobToFile(digest, join(dir, 'x'), data.length), {message: /too slow: \d+ bytes in \d+ s, below the minimum of \d+ bytes\/s/})
    t.true(Date.now() - started < 10_000, `took ${Date.now() - started} ms`)
    t.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), [])
  } finally {
    await level.close()
    await remote.close()
  }
})

test('a remote answering a huge body for a small blob is cut at the blob size, leaving no temp file', async (t) => {
  t.timeout(60_000)
  const remote = await startRemote()
  const level = openHttpLevel(remote.url, {retries: 0})
  const {data, digest} = blob(10)
  remote.store.set(`/cas/${digest}`, data)
  remote.cas = 'huge'
  const dir = project({})
  try {
    t.false(await level.getBlobToFile(digest, join(dir, 'x'), data.length))
    t.is(await level.getBlob(digest, data.length), undefined)
    t.true(remote.sent < 64 << 20, `${remote.sent} bytes were sent`)
    t.deepEqual(readdirSync(dir).filter((name) => name !== 'tck.config.mjs'), [])
  } finally {
    await level.close()
    await remote.close()
  }
})

/** A project on a local level and `remote`, whose config registers cache-http (as `tck plugins add` would). */
function remoteProject(remote: Remote): string {
  const dir = project({})
  const levels = `[{provider: 'fs', dir: ${JSON.stringify(join(dir, '.local-cache'))}}, {provider: 'http', url: ${JSON.stringify(remote.url)}, retries: 0, timeoutMs: 60000}]`
  const config = `import httpCache from ${JSON.stringify(join(repoRoot, 'plugins/cache-http/dist/register.js'))}
export default {
  cache: {levels: ${levels}},
  tasks: {big: {run: 'mkdir -p out && head -c 3000000 /dev/urandom > out/big && echo small > out/small', outputs: ['out']}},
  register: httpCache,
}
`
  rmSync(join(dir, 'tck.config.mjs'))
  writeFileSync(join(dir, 'tck.config.mjs'), config)
  return dir
}

/** Built once against a healthy remote, then the local copies are gone: the next build must read the remote. */
async function builtRemotely(remote: Remote): Promise<string> {
  const dir = remoteProject(remote)
  const first = await build(dir, env())
  if (first.code !== 0) throw new Error(first.stderr)
  rmSync(join(dir, 'out'), {recursive: true})
  rmSync(join(dir, '.local-cache'), {recursive: true})
  return dir
}

test('SIGTERM while a remote read hangs ends the build at once', async (t) => {
  t.timeout(90_000)
  const remote = await startRemote()
  try {
    const dir = await builtRemotely(remote)
    remote.cas = 'stall'
    const asked = remote.requests.length
    const running = startBuild(dir, env())
    await until(() => remote.requests.slice(asked).some((request) => request.startsWith('GET /cas/')))
    const signalled = Date.now()
    running.child.kill('SIGTERM')
    const {code} = await running.done
    t.is(code, 143)
    t.true(Date.now() - signalled < 5000, `the build took ${Date.now() - signalled} ms to stop`)
  } finally {
    await remote.close()
  }
})

test('a restore killed half way leaves nothing in the outputs, and the next build removes its leftovers first', async (t) => {
  t.timeout(90_000)
  const remote = await startRemote()
  try {
    const dir = await builtRemotely(remote)
    remote.cas = 'stall'
    const asked = remote.requests.length
    const running = startBuild(dir, env())
    await until(() => remote.requests.slice(asked).some((request) => request.startsWith('GET /cas/')))
    await new Promise((resolve) => setTimeout(resolve, 300))
    running.child.kill('SIGKILL')
    await running.done
    const leftovers = (name: string) => (existsSync(join(dir, name)) ? readdirSync(join(dir, name)) : [])
    t.deepEqual(leftovers('out').filter((name) => !['big', 'small'].includes(name)), [])
    t.true(leftovers('.tck/tmp').length > 0, 'the killed restore was not staged in .tck/tmp')
    // No remote this time: the task runs, restores nothing, and must still find the leftovers gone.
    rmSync(join(dir, '.local-cache'), {recursive: true, force: true})
    remote.store.clear()
    const again = await build(dir, env())
    t.is(again.code, 0, again.stderr)
    t.deepEqual(leftovers('out').sort(), ['big', 'small'])
    t.deepEqual(leftovers('.tck/tmp'), [])
  } finally {
    await remote.close()
  }
})
