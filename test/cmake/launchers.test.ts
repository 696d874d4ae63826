/**
 * Compiler launchers: a second clean build is served by ccache, from its local storage, from
 * tck's http remote (a real nginx WebDAV) and from redis, with the hit rate in the build summary
 * and the report; sccache works too, and says that its Debian build has no remote storage.
 */
import test from 'ava'
import {spawn} from 'node:child_process'
import {readdirSync, readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {startNginx} from '../helpers/nginx.js'
import {freePort} from '../helpers/port.js'
import {tempDir} from '../helpers/cli.js'
import {build, cmakeEnv, cmakeProject, needs, run} from './helpers.js'

/** Builds, removes the build directory, builds again; the second build's stderr. */
async function cleanTwice(t: import('ava').ExecutionContext, dir: string, first: NodeJS.ProcessEnv, second = first) {
  const one = await build(dir, first)
  t.is(one.code, 0, one.stderr)
  rmSync(join(dir, 'build'), {recursive: true, force: true})
  const two = await build(dir, second)
  t.is(two.code, 0, two.stderr)
  return {first: one.stderr, second: two.stderr}
}

const reportNotes = (dir: string) => JSON.parse(readFileSync(join(dir, '.tck/reports/latest.json'), 'utf8')).notes as string[]

test.serial('ccache: the second clean build comes from the cache, and the summary and the report say so', async (t) => {
  needs('ccache', 'ccache')
  const dir = cmakeProject({toolchain: 'system:gcc', launcher: 'ccache', remoteCache: false})
  const env = cmakeEnv({TCK_QUIET: '0'})
  const {first, second} = await cleanTwice(t, dir, env)
  t.regex(first, /ccache: 0 of 3 compilations from the cache \(0%\)/)
  t.regex(second, /ccache: 3 of 3 compilations from the cache \(100%\)/)
  t.deepEqual(reportNotes(dir), ['ccache: 3 of 3 compilations from the cache (100%)'])
  t.regex(readFileSync(join(dir, 'build/tck/CMakeFiles/rules.ninja'), 'utf8'), /command = \S*ccache \S*g\+\+ /)
})

test.serial('ccache: tck\'s http remote cache (nginx WebDAV) serves a machine whose local ccache is empty', async (t) => {
  needs('ccache', 'ccache')
  needs('nginx', 'nginx')
  const nginx = await startNginx()
  t.teardown(() => nginx.stop())
  const dir = cmakeProject({toolchain: 'system:gcc', launcher: 'ccache'})
  const remote = {TCK_QUIET: '0', TCK_REMOTE_CACHE_URL: nginx.url}
  const {second} = await cleanTwice(t, dir, cmakeEnv(remote), cmakeEnv(remote))
  t.regex(second, /ccache: 3 of 3 compilations from the cache \(100%, 3 from the remote\)/)
  t.true(readdirSync(join(nginx.dataDir, 'ccache')).length > 0, 'ccache wrote under the ccache/ prefix')
})

test.serial('ccache: a redis remote (plugins.cmake.remoteCache) serves a machine whose local ccache is empty', async (t) => {
  needs('ccache', 'ccache')
  needs('redis-server', 'redis-server')
  const port = await freePort()
  const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tempDir('tck-redis-')], {stdio: 'ignore'})
  t.teardown(() => {
    redis.kill('SIGTERM')
  })
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      if (run('redis-cli', ['-p', String(port), 'ping']).trim() === 'PONG') break
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  const dir = cmakeProject({toolchain: 'system:gcc', launcher: 'ccache', remoteCache: `redis://127.0.0.1:${port}`})
  const {second} = await cleanTwice(t, dir, cmakeEnv({TCK_QUIET: '0'}), cmakeEnv({TCK_QUIET: '0'}))
  t.regex(second, /ccache: 3 of 3 compilations from the cache \(100%, 3 from the remote\)/)
  t.true(Number(run('redis-cli', ['-p', String(port), 'dbsize']).trim()) > 0)
})

test.serial('sccache: the second clean build comes from its local cache; a remote is said to be unused', async (t) => {
  needs('sccache', 'sccache')
  const port = await freePort()
  const dir = cmakeProject({toolchain: 'system:gcc', launcher: 'sccache', remoteCache: 'http://127.0.0.1:9/cache'})
  const env = cmakeEnv({TCK_QUIET: '0', SCCACHE_DIR: join(tempDir('tck-sccache-'), 'cache'), SCCACHE_SERVER_PORT: String(port)})
  t.teardown(() => {
    try {
      run('sccache', ['--stop-server'], {env})
    } catch {}
  })
  const {first, second} = await cleanTwice(t, dir, env)
  t.regex(first, /sccache here is built with local storage only .* the remote cache plugins\.cmake\.remoteCache http:\/\/127\.0\.0\.1:9\/cache is not used/)
  t.regex(second, /sccache: 3 of 3 compilations from the cache \(100%\)/)
})
