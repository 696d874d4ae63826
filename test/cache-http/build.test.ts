import test from 'ava'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, repoRoot, tck, tempDir} from '../helpers/cli.js'
import {startNginx, type Nginx} from '../helpers/nginx.js'
import {closedPort} from '../helpers/port.js'
import {projectWith} from '../helpers/project.js'
import {parseEvents, statuses} from '../engine/events.js'
import {requireProgram} from '../helpers/programs.js'

test.before((t) => { requireProgram(t, 'nginx', 'nginx') })

let nginx: Nginx
test.before(async () => {
  nginx = await startNginx()
})
test.after.always(async () => {
  await nginx?.stop()
})

// cache-http is not bundled: the project's config (itself a plugin) registers it, as `tck plugins add cache-http` would.
const project = (url: string, {levels = true, registered = true} = {}) => {
  const local = join(tempDir('tck-local-cache-'), 'cache')
  const dir = projectWith({
    'input.txt': 'shared input\n',
    'tck.config.mjs': `import {appendFileSync} from 'node:fs'
import httpCache from ${JSON.stringify(join(repoRoot, 'plugins/cache-http/dist/register.js'))}
export default {
  ${levels ? `cache: {levels: [{provider: 'fs', dir: ${JSON.stringify(local)}}, {provider: 'http', url: ${JSON.stringify(url)}, retries: 1}]},` : ''}
  tasks: {
    one: {run: 'mkdir -p out && tr a-z A-Z < input.txt > out/one', inputs: ['input.txt'], outputs: ['out/one']},
    two: {run: 'rev out/one > out/two', deps: ['one'], outputs: ['out/two']},
    three: {run: 'cat out/one out/two > out/three', deps: ['one', 'two'], outputs: ['out/three']},
  },
  register(context) {
    ${registered ? 'httpCache(context)' : ''}
    context.pipeline.beforeExecute.tap((request, task) => { appendFileSync(new URL('./spawns.log', import.meta.url), task.task.id + '\\n') })
  },
}
`,
  })
  return {dir, local}
}

async function build(dir: string, env: Record<string, string> = {}) {
  const {code, stdout, stderr} = await tck(['build', '--json'], {cwd: dir, env: isolatedEnv(env)})
  return {code, stderr, outcomes: statuses(parseEvents(stdout))}
}

test('a second checkout with an empty local cache builds entirely from the remote and spawns nothing', async (t) => {
  const first = project(nginx.url)
  const built = await build(first.dir)
  t.is(built.code, 0, built.stderr)
  t.deepEqual(built.outcomes, {one: 'built', two: 'built', three: 'built'})

  const second = project(nginx.url)
  const cached = await build(second.dir)
  t.is(cached.code, 0, cached.stderr)
  t.deepEqual(cached.outcomes, {one: 'cached', two: 'cached', three: 'cached'})
  t.false(existsSync(join(second.dir, 'spawns.log')), 'no task reached an executor')
  t.is(readFileSync(join(second.dir, 'out/three'), 'utf8'), readFileSync(join(first.dir, 'out/three'), 'utf8'))
  t.true(existsSync(join(second.local, 'ac')), 'remote hits were copied into the local level')
})

test('with the HTTP cache down the build goes on from the local level with one warning', async (t) => {
  const {dir} = project(`http://127.0.0.1:${await closedPort()}/`)
  const first = await build(dir)
  t.is(first.code, 0, first.stderr)
  t.deepEqual(first.outcomes, {one: 'built', two: 'built', three: 'built'})
  const warnings = first.stderr.split('\n').filter((line) => line.includes('warning'))
  t.is(warnings.length, 1, first.stderr)
  t.regex(warnings[0], /tck: warning: cache level http:\/\/127\.0\.0\.1:\d+\/ failed \(unreachable after 2 attempts: .*\); going on without it for this build/)

  const again = await build(dir)
  t.deepEqual(again.outcomes, {one: 'cached', two: 'cached', three: 'cached'}, 'the local level still serves hits')
  t.is(again.stderr.split('\n').filter((line) => line.includes('warning')).length, 0, 'every hit came from the local level: the remote was never asked')
})

test('TCK_REMOTE_CACHE_URL adds the remote after the local level when the project configures none', async (t) => {
  const env = {TCK_REMOTE_CACHE_URL: `${nginx.url}from-env/`}
  const first = await build(project('', {levels: false}).dir, env)
  t.deepEqual(first.outcomes, {one: 'built', two: 'built', three: 'built'}, first.stderr)
  const second = project('', {levels: false})
  const cached = await build(second.dir, env)
  t.deepEqual(cached.outcomes, {one: 'cached', two: 'cached', three: 'cached'}, cached.stderr)
  t.false(existsSync(join(second.dir, 'spawns.log')))

  const missing = await build(project('', {levels: false, registered: false}).dir, env)
  t.deepEqual(missing.outcomes, {one: 'built', two: 'built', three: 'built'})
  t.regex(missing.stderr, /tck: warning: TCK_REMOTE_CACHE_URL is set but no cache provider "http" is installed; add it with `tck plugins add cache-http`/)
})
