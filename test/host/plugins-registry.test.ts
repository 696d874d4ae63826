/** The real plugin path: publish a workspace plugin to Verdaccio, `tck plugins add` it, remove it. */
import test from 'ava'
import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {isolatedEnv, repoRoot, tck} from '../helpers/cli.js'
import {startVerdaccio, type Registry} from '../helpers/verdaccio.js'

let registry: Registry

test.before(async () => {
  registry = await startVerdaccio()
  await promisify(execFile)('npm', ['publish', '--userconfig', registry.npmrc, '--registry', `${registry.url}/`], {
    cwd: join(repoRoot, 'plugins/pkg-config'),
  })
})

test.after.always(async () => {
  await registry?.stop()
})

test('tck plugins add <short> installs @tck/plugin-<short> from the registry; remove takes it away', async (t) => {
  const env = isolatedEnv({npm_config_userconfig: registry.npmrc, npm_config_registry: `${registry.url}/`})

  const before = await tck(['pkg-config', 'glib-2.0'], {env})
  t.not(before.code, 0, 'the command does not exist before the plugin is added')

  const add = await tck(['plugins', 'add', 'pkg-config'], {env, timeoutMs: 240_000})
  t.is(add.code, 0, add.stderr)
  t.true(existsSync(join(env.XDG_DATA_HOME!, 'tck', 'node_modules', '@tck', 'plugin-pkg-config', 'package.json')), 'installed in the XDG data dir')

  const list = await tck(['plugins', '--json'], {env})
  t.true((JSON.parse(list.stdout) as Array<{name: string}>).some((plugin) => plugin.name === '@tck/plugin-pkg-config'))

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

test('tck plugins add of a plugin that does not exist says so plainly, without a stack trace', async (t) => {
  const env = isolatedEnv({npm_config_userconfig: registry.npmrc, npm_config_registry: `${registry.url}/`})
  const result = await tck(['plugins', 'add', 'no-such-plugin'], {env, timeoutMs: 120_000})
  t.not(result.code, 0)
  t.regex(result.stderr, /no-such-plugin/)
  t.notRegex(result.stderr, /^\s+at .+:\d+:\d+\)?$/m, 'no stack trace')
})
