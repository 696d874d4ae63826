/**
 * End to end against a loopback HTTP server: the built CLI installs a toolchain described by a
 * metadata file (an archive whose compilers wrap the system gcc/g++), verifies it, resumes a cut
 * download, refuses a wrong checksum, and downloads once for four concurrent installs.
 */
import test from 'ava'
import {createHash, randomBytes} from 'node:crypto'
import {execFileSync, spawn} from 'node:child_process'
import {existsSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, tck, tckBin, tempDir} from '../helpers/cli.js'
import {startServer, type TestServer} from '../helpers/http-server.js'
import {tarGz} from './archives.js'

const gccVersion = execFileSync('gcc', ['-dumpfullversion', '-dumpversion'], {encoding: 'utf8'}).trim()
const archive = tarGz([
  {name: 'loopcc-1/bin/', type: 'dir'},
  {name: 'loopcc-1/bin/loopcc', body: '#!/bin/sh\nexec gcc "$@"\n', mode: 0o755},
  {name: 'loopcc-1/bin/loopc++', body: '#!/bin/sh\nexec g++ "$@"\n', mode: 0o755},
  {name: 'loopcc-1/README', body: 'a toolchain served on loopback\n'},
  // Incompressible bulk, so a cut half way leaves a real partial file to resume from.
  {name: 'loopcc-1/lib/bulk.bin', body: randomBytes(1 << 20)},
])
const sha256 = createHash('sha256').update(archive).digest('hex')

function metadata(server: TestServer, digest = sha256, path = '/loopcc-1.tar.gz'): string {
  const dir = tempDir('tck-metadata-')
  writeFileSync(join(dir, 'loopcc.json'), JSON.stringify({
    name: 'loopcc',
    description: 'gcc wrapped, served on loopback',
    layout: {bin: 'bin', compilers: {c: ['loopcc'], cxx: ['loopc++']}},
    releases: [{version: gccVersion, platforms: {'linux-x64': {urls: [`${server.url}${path}`], sha256: digest, stripComponents: 1}}}],
  }))
  return dir
}

async function setup(t: any, served: Parameters<typeof startServer>[0] = {'/loopcc-1.tar.gz': archive}, digest?: string) {
  const server = await startServer(served)
  t.teardown(() => server.close())
  const project = tempDir('tck-project-')
  const env = isolatedEnv({TCK_TOOLCHAIN_METADATA: metadata(server, digest), TCK_DOWNLOAD_BACKOFF_MS: '20'})
  return {server, project, env, run: (args: string[]) => tck(args, {cwd: project, env})}
}

test('an install verifies the archive, registers the toolchain, and it compiles and runs a C and a C++ hello', async (t) => {
  const {server, project, run} = await setup(t)
  const install = await run(['toolchain', 'install', 'loopcc', '--json'])
  t.is(install.code, 0, install.stderr)
  const [installed] = JSON.parse(install.stdout).toolchains
  t.true(installed.installed)
  t.is(installed.version, gccVersion)
  t.is(server.count('/loopcc-1.tar.gz'), 1)

  const list = JSON.parse((await run(['toolchain', 'list', '--json'])).stdout)
  t.is(list.installed.length, 1)
  t.deepEqual(list.installed[0].projects, [project])
  t.true(list.installed[0].size > 0)

  const which = await run(['toolchain', 'which', `loopcc@${gccVersion.split('.')[0]}`])
  t.is(which.stdout.trim(), join(installed.root, 'bin', 'loopcc'))

  const verify = await run(['toolchain', 'verify', 'loopcc', '--level', 'paranoid', '--json'])
  t.is(verify.code, 0, verify.stdout + verify.stderr)
  const report = JSON.parse(verify.stdout)
  t.true(report.ok)
  t.deepEqual(report.checks.filter((check: any) => check.level === 'paranoid').map((check: any) => [check.name, check.ok]), [
    ['c hello compiles and links', true],
    ['c hello runs', true],
    ['cxx hello compiles and links', true],
    ['cxx hello runs', true],
  ])

  const again = JSON.parse((await run(['toolchain', 'install', 'loopcc', '--json'])).stdout)
  t.false(again.toolchains[0].installed, 'a second install finds it installed')
  t.is(server.count('/loopcc-1.tar.gz'), 1)
})

test('a download cut off half way resumes with a Range request and installs', async (t) => {
  const {server, run} = await setup(t, {'/loopcc-1.tar.gz': {body: archive, cutAfter: archive.length >> 1}})
  const install = await run(['toolchain', 'install', 'loopcc', '--json'])
  t.is(install.code, 0, install.stderr)
  t.is(server.requests.filter((request) => request.range).length, 1, 'the server saw a Range request')
  t.is(server.requests.length, 2)
  t.is((await run(['toolchain', 'verify', 'loopcc', '--level', 'standard'])).code, 0)
})

test('a wrong checksum fails clearly and leaves nothing behind', async (t) => {
  const {env, run} = await setup(t, undefined, 'f'.repeat(64))
  const install = await run(['toolchain', 'install', 'loopcc'])
  t.is(install.code, 6)
  t.regex(install.stderr, /tck: error: checksum mismatch for loopcc .* expected f{64}; the file was deleted/)
  t.notRegex(install.stderr, /\n\s+at /, 'no stack trace')
  const cache = join(env.XDG_CACHE_HOME!, 'tck')
  t.deepEqual(readdirSync(join(cache, 'downloads')), [])
  t.deepEqual(readdirSync(join(cache, 'toolchains')).filter((name) => name !== '.locks'), [])
  t.deepEqual(readdirSync(join(cache, 'toolchains', '.locks')), [])
  t.deepEqual(JSON.parse((await run(['toolchain', 'list', '--json'])).stdout).installed, [])
})

test('four concurrent installs of one toolchain download it once', async (t) => {
  const {server, run} = await setup(t)
  const results = await Promise.all(Array.from({length: 4}, () => run(['toolchain', 'install', 'loopcc', '--json'])))
  for (const result of results) t.is(result.code, 0, result.stderr)
  const fresh = results.map((result) => JSON.parse(result.stdout).toolchains[0].installed)
  t.is(fresh.filter(Boolean).length, 1, 'exactly one process installed it')
  t.is(server.count('/loopcc-1.tar.gz'), 1, 'the server sent the archive once')
})

test('offline mode installs from the download cache and refuses what is not cached', async (t) => {
  const {server, run} = await setup(t)
  const refused = await run(['toolchain', 'install', 'loopcc', '--offline'])
  t.is(refused.code, 6)
  t.regex(refused.stderr, /is not in the download cache .* and tck is offline/)
  t.is(server.requests.length, 0)
  t.is((await run(['toolchain', 'install', 'loopcc'])).code, 0)
  t.is((await run(['toolchain', 'remove', 'loopcc'])).code, 0)
  const offline = await run(['toolchain', 'install', 'loopcc', '--offline', '--json'])
  t.is(offline.code, 0, offline.stderr)
  t.true(JSON.parse(offline.stdout).toolchains[0].installed)
  t.is(server.count('/loopcc-1.tar.gz'), 1)
})

test('cleanup: --dry-run removes nothing; --unused removes a toolchain whose projects are gone; --max-size keeps the rest under the limit', async (t) => {
  const {project, env, run} = await setup(t)
  t.is((await run(['toolchain', 'install', 'loopcc'])).code, 0)
  const dry = JSON.parse((await run(['toolchain', 'cleanup', '--max-size', '1', '--dry-run', '--json'])).stdout)
  t.true(dry.dryRun)
  t.is(dry.removed.length, 1)
  t.deepEqual(dry.removed[0].reasons, ['least recently used while over --max-size'])
  t.is(JSON.parse((await run(['toolchain', 'list', '--json'])).stdout).installed.length, 1, 'a dry run removes nothing')

  const kept = JSON.parse((await run(['toolchain', 'cleanup', '--unused', '--older-than', '30d', '--json'])).stdout)
  t.is(kept.removed.length, 0, 'its project still exists and it was used just now')
  rmSync(project, {recursive: true})
  const removed = JSON.parse((await tck(['toolchain', 'cleanup', '--unused', '--json'], {cwd: tempDir(), env})).stdout)
  t.deepEqual(removed.removed.map((entry: any) => entry.reasons[0]), ['every project that used it is gone'])
  t.deepEqual(removed.downloads.map((file: any) => file.path), [join(env.XDG_CACHE_HOME!, 'tck', 'downloads', `sha256-${sha256}`)], 'its archive goes too')
  t.deepEqual(JSON.parse((await tck(['toolchain', 'list', '--json'], {cwd: tempDir(), env})).stdout).installed, [])
})

test('cleanup without a criterion and a bad duration are usage errors', async (t) => {
  const {run} = await setup(t)
  const none = await run(['toolchain', 'cleanup'])
  t.is(none.code, 2)
  t.regex(none.stderr, /cleanup needs a criterion/)
  const bad = await run(['toolchain', 'cleanup', '--older-than', 'soon'])
  t.is(bad.code, 2)
  t.regex(bad.stderr, /"soon" is not a duration/)
})

test('a malformed metadata file is reported with its file and key', async (t) => {
  const {env} = await setup(t)
  const dir = env.TCK_TOOLCHAIN_METADATA!
  writeFileSync(join(dir, 'broken.json'), JSON.stringify({name: 'broken', layout: {bin: 'bin', compilers: {}}, releases: [{version: '1', platforms: {'linux-x64': {urls: ['http://127.0.0.1:9/x'], sha256: 'abc'}}}]}))
  const result = await tck(['toolchain', 'install', 'broken'], {cwd: tempDir(), env})
  t.is(result.code, 7)
  t.regex(result.stderr, /broken\.json: releases\[0\]\.platforms\.linux-x64\.sha256: must be 64 lower-case hex digits/)
})

test('an unknown toolchain is a clear error', async (t) => {
  const {run} = await setup(t)
  const result = await run(['toolchain', 'install', 'nosuchcc@1'])
  t.is(result.code, 7)
  t.regex(result.stderr, /no toolchain matches "nosuchcc@1" for linux-/)
  t.regex(result.stderr, /tck toolchain search/)
})

test('an install killed half way is picked up by the next one: its locks are recovered and the download resumes', async (t) => {
  const {server, project, env, run} = await setup(t, {'/loopcc-1.tar.gz': {body: archive, stallAfter: archive.length >> 1}})
  const part = join(env.XDG_CACHE_HOME!, 'tck', 'downloads', `sha256-${sha256}.part`)
  const child = spawn(process.execPath, [tckBin, 'toolchain', 'install', 'loopcc'], {cwd: project, env, stdio: 'ignore'})
  const exited = new Promise((resolve) => child.on('exit', resolve))
  for (let waited = 0; !(existsSync(part) && statSync(part).size > 0); waited += 50) {
    if (waited > 60_000) throw new Error('the first install never wrote a partial download')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  child.kill('SIGKILL')
  await exited
  t.true(readdirSync(join(env.XDG_CACHE_HOME!, 'tck', 'toolchains', '.locks')).length > 0, 'the killed process left its lock')
  server.files.get('/loopcc-1.tar.gz')!.stallAfter = undefined
  const again = await run(['toolchain', 'install', 'loopcc', '--json'])
  t.is(again.code, 0, again.stderr)
  t.true(JSON.parse(again.stdout).toolchains[0].installed)
  t.is(server.requests.filter((request) => request.range).length, 1, 'the second install resumed the first one\'s partial download')
  t.is((await run(['toolchain', 'verify', 'loopcc', '--level', 'standard'])).code, 0)
})

test('Ctrl-C during a download stops cleanly: nothing installed, no lock left, the partial file kept for resuming', async (t) => {
  const {project, env} = await setup(t, {'/loopcc-1.tar.gz': {body: archive, stallAfter: archive.length >> 1}})
  const cache = join(env.XDG_CACHE_HOME!, 'tck')
  const part = join(cache, 'downloads', `sha256-${sha256}.part`)
  const child = spawn(process.execPath, [tckBin, 'toolchain', 'install', 'loopcc'], {cwd: project, env, stdio: ['ignore', 'ignore', 'pipe']})
  let stderr = ''
  child.stderr!.on('data', (chunk) => (stderr += chunk))
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
  for (let waited = 0; !(existsSync(part) && statSync(part).size > 0); waited += 50) {
    if (waited > 60_000) throw new Error('the install never wrote a partial download')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  child.kill('SIGINT')
  t.is(await exited, 130)
  t.regex(stderr, /tck: error: interrupted: loopcc .* was not installed/)
  t.true(statSync(part).size > 0, 'the partial download is kept')
  t.deepEqual(readdirSync(join(cache, 'toolchains')).filter((name) => name !== '.locks'), [], 'no half-made toolchain')
  t.deepEqual(readdirSync(join(cache, 'toolchains', '.locks')), [])
  t.deepEqual(readdirSync(join(cache, 'downloads')).filter((name) => name.endsWith('.lock')), [])
})
