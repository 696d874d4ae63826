/** Plugins through the real oclif path (`tck plugins link`): attribution, conflicts, the template. */
import test from 'ava'
import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, repoRoot, tck} from '../helpers/cli.js'
import {projectWith} from '../helpers/project.js'

async function withLinked(plugin: string) {
  const env = isolatedEnv()
  const link = await tck(['plugins', 'link', join(repoRoot, plugin), '--no-install'], {env})
  if (link.code !== 0) throw new Error(`link failed: ${link.stderr}`)
  return env
}

test('an error thrown in a plugin tap names the plugin and the hook', async (t) => {
  const env = await withLinked('fixtures/plugins/throwing')
  const dir = projectWith({'tck.config.yaml': 'tasks:\n  app: {run: "true"}\n'})
  const {code, stderr} = await tck(['build', '--cwd', dir], {env})
  t.is(code, 4)
  t.regex(stderr, /plugin @tck\/plugin-throwing failed in hook beforeExecute: the sky is falling/)
  t.notRegex(stderr, /^\s+at /m)
})

test('a TckError a plugin raises on purpose keeps its code and hint, and still names the plugin', async (t) => {
  const env = await withLinked('fixtures/plugins/throwing')
  const dir = projectWith({'tck.config.yaml': 'tasks:\n  app: {run: "true", attrs: {deliberate: "yes"}}\n'})
  const {code, stderr} = await tck(['build', '--cwd', dir], {env})
  t.is(code, 3)
  t.regex(stderr, /plugin @tck\/plugin-throwing failed in hook beforeExecute: setting "speed" must be a number/)
  t.regex(stderr, /Set plugins\.throwing\.speed to 1\./)
  t.notRegex(stderr, /remove it with/)
  t.is((await tck(['build', '--cwd', dir, '--json'], {env})).code, 3, 'the same exit code with --json')
})

test('two providers with one name is an error naming both plugins', async (t) => {
  const env = await withLinked('fixtures/plugins/duplicate-executor')
  const {code, stderr} = await tck(['hooks'], {env})
  t.is(code, 4)
  t.regex(stderr, /executor "local" is registered by both @tck\/plugin-exec-local and @tck\/plugin-duplicate-executor/)
})

test('the template plugin, built and linked, adds its command, taps and providers', async (t) => {
  execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(repoRoot, 'fixtures/plugin-template/tsconfig.json')])
  const env = await withLinked('fixtures/plugin-template')
  const command = await tck(['template', '--name', 'author', '--json'], {env})
  t.is(command.code, 0, command.stderr)
  t.deepEqual(JSON.parse(command.stdout), {greeting: 'hello, author'})

  const doctor = JSON.parse((await tck(['doctor', '--json'], {env})).stdout)
  t.true(doctor.providers.compiler.some((p: any) => p.name === 'template-cc' && p.plugin === '@tck/plugin-template'))
  t.true(doctor.providers.cacheProvider.some((p: {name: string}) => p.name === 'template-memory'))

  const dir = projectWith({'tck.config.yaml': 'tasks:\n  shout:\n    run: "test \\"$TEMPLATE_SHOUT\\" = 1"\n    attrs: {template: shout}\n'})
  const build = await tck(['build', '--cwd', dir, '--trace-hooks'], {env})
  t.is(build.code, 0, build.stderr)
  t.regex(build.stderr, /tap computeKey \[shout\] <- @tck\/plugin-template/)
})

test('the linked template prints no auto-transpile warning, on any command, as a user runs it', async (t) => {
  execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(repoRoot, 'fixtures/plugin-template/tsconfig.json')])
  // ava runs tests with NODE_ENV=test; a user's shell has none, which oclif takes for production.
  const env = {...(await withLinked('fixtures/plugin-template')), NODE_ENV: ''}
  for (const args of [['hooks'], ['template'], ['doctor']]) {
    const {code, stderr} = await tck(args, {env})
    t.is(code, 0, stderr)
    t.notRegex(stderr, /auto-transpiled|Warning/, args[0])
  }
})

test('the template gets tck\'s types from the real tck, never from the unrelated registry package', (t) => {
  const template = join(repoRoot, 'fixtures/plugin-template')
  const pjson = JSON.parse(readFileSync(join(template, 'package.json'), 'utf8'))
  t.regex(pjson.devDependencies.tck, /^file:/)
  t.is(JSON.parse(readFileSync(join(template, pjson.devDependencies.tck.slice('file:'.length), 'package.json'), 'utf8')).exports['.'].types, './dist/core/api.d.ts')
  t.true(pjson.peerDependenciesMeta.tck.optional, 'an install of the plugin never fetches a tck')
  t.truthy(pjson.devDependencies['@types/node'])
})
