/**
 * `tck plugins add` against a real npm registry (Verdaccio, proxying the user's own registry,
 * where an unrelated unscoped `cache-http` exists): a newer first-party release is installed from
 * it; the same version comes from inside tck; a short name never reaches an unscoped package.
 */
import test from 'ava'
import {execFile} from 'node:child_process'
import {cpSync, existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {isolatedEnv, repoRoot, tck, tempDir} from '../helpers/cli.js'
import {startVerdaccio, type Registry} from '../helpers/verdaccio.js'

let registry: Registry

async function publish(pluginDir: string, version?: string): Promise<void> {
  let dir = pluginDir
  if (version) {
    dir = join(tempDir('tck-publish-'), 'plugin')
    cpSync(pluginDir, dir, {recursive: true, filter: (path) => !path.includes('node_modules')})
    const pjson = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    writeFileSync(join(dir, 'package.json'), JSON.stringify({...pjson, version}, null, 2))
  }
  await promisify(execFile)('npm', ['publish', '--userconfig', registry.npmrc, '--registry', `${registry.url}/`], {cwd: dir})
}

test.before(async () => {
  registry = await startVerdaccio()
  await publish(join(repoRoot, 'plugins/pkg-config'))
  await publish(join(repoRoot, 'plugins/compiler-clang'), '0.2.0')
})

test.after.always(async () => {
  await registry?.stop()
})

const registryEnv = (extra: Record<string, string> = {}) =>
  isolatedEnv({npm_config_userconfig: registry.npmrc, npm_config_registry: `${registry.url}/`, ...extra})

const availability = async (env: NodeJS.ProcessEnv, name: string) =>
  (JSON.parse((await tck(['plugins', 'available', '--json'], {env})).stdout) as {plugins: Array<{name: string; state: string; root?: string}>}).plugins.find((plugin) => plugin.name === name)!

test('a newer first-party release on the registry is installed instead of the shipped one, with a note', async (t) => {
  const env = registryEnv({TCK_QUIET: '0'})
  const add = await tck(['plugins', 'add', 'clang'], {env, timeoutMs: 240_000})
  t.is(add.code, 0, add.stderr)
  t.regex(add.stderr, /@tck\/plugin-compiler-clang 0\.2\.0 on your npm registry is newer than the 0\.1\.0 shipped with tck: installing it/)
  t.regex(add.stdout, /added @tck\/plugin-compiler-clang 0\.2\.0 \(from your npm registry\)/)
  const installed = join(env.XDG_DATA_HOME!, 'tck', 'node_modules', '@tck', 'plugin-compiler-clang', 'package.json')
  t.is(JSON.parse(readFileSync(installed, 'utf8')).version, '0.2.0', 'npm installed it in the data dir')
  t.is((await availability(env, '@tck/plugin-compiler-clang')).state, 'added 0.2.0 (registry)')
  const doctor = JSON.parse((await tck(['doctor', '--json'], {env})).stdout)
  t.true(doctor.providers.compiler.some((provider: {name: string; plugin: string}) => provider.name === 'clang' && provider.plugin === '@tck/plugin-compiler-clang'))
})

test('the same version on the registry: the shipped plugin is added, nothing downloaded; remove takes it away', async (t) => {
  const env = registryEnv()
  t.not((await tck(['pkg-config', 'glib-2.0'], {env})).code, 0, 'the command does not exist before the plugin is added')

  const add = await tck(['plugins', 'add', 'pkg-config'], {env, timeoutMs: 240_000})
  t.is(add.code, 0, add.stderr)
  t.regex(add.stdout, /added @tck\/plugin-pkg-config 0\.1\.0 \(shipped with tck\)/)
  t.false(existsSync(join(env.XDG_DATA_HOME!, 'tck', 'node_modules', '@tck', 'plugin-pkg-config')), 'not downloaded')
  t.is((await availability(env, '@tck/plugin-pkg-config')).state, 'added 0.1.0 (shipped)')

  const command = await tck(['pkg-config', 'glib-2.0'], {env})
  t.is(command.code, 0, command.stderr)
  t.regex(command.stdout, /-lglib-2\.0/)

  const hooks = JSON.parse((await tck(['hooks', '--json'], {env})).stdout) as {hooks: Array<{name: string; taps: string[]}>}
  const taps = (name: string) => hooks.hooks.find((hook) => hook.name === name)!.taps
  t.true(taps('requestCreated').includes('@tck/plugin-pkg-config'))
  t.true(taps('computeKey').includes('@tck/plugin-pkg-config'))

  const remove = await tck(['plugins', 'remove', 'pkg-config'], {env})
  t.is(remove.code, 0, remove.stderr)
  const after = await tck(['hooks', '--json'], {env})
  t.false(after.stdout.includes('@tck/plugin-pkg-config'), 'its taps are gone')
  t.not((await tck(['pkg-config', 'glib-2.0'], {env})).code, 0, 'its command is gone')
})

test('a short name never installs the unscoped npm package of that name', async (t) => {
  const env = registryEnv()
  const add = await tck(['plugins', 'add', 'cache-http'], {env, timeoutMs: 240_000})
  t.is(add.code, 0, add.stderr)
  t.regex(add.stdout, /added @tck\/plugin-cache-http 0\.1\.0 \(shipped with tck\)/)
  t.false(existsSync(join(env.XDG_DATA_HOME!, 'tck', 'node_modules', 'cache-http')), 'the stranger\'s cache-http is not installed')
})

test('tck plugins add of a plugin that does not exist says so plainly, without a stack trace, and installs nothing', async (t) => {
  const env = registryEnv()
  const result = await tck(['plugins', 'add', 'no-such-plugin'], {env, timeoutMs: 120_000})
  t.is(result.code, 4)
  t.regex(result.stderr, /no first-party plugin is called "no-such-plugin"/)
  t.notRegex(result.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace')
  t.false(existsSync(join(env.XDG_DATA_HOME!, 'tck', 'node_modules')))
})
