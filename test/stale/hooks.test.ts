/**
 * The key is computed from what actually runs: taps that change the request run first, and the
 * config file and plugins that tap keyed hooks are part of the key by name, version and code.
 */
import test from 'ava'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, tck, tempDir} from '../helpers/cli.js'
import {builder, files, output} from './helpers.js'

const tasks = {
  compile: {run: ['gcc', '-c', 'main.c', '-o', 'out/main.o'], inputs: ['main.c'], outputs: ['out/main.o'], kind: 'compile'},
  link: {run: ['gcc', 'out/main.o', '-o', 'out/app'], deps: ['compile'], outputs: ['out/app'], kind: 'link'},
}
const main = '#include <stdio.h>\n#ifndef VALUE\n#define VALUE 0\n#endif\nint main(void) { printf("%d\\n", VALUE); return 0; }\n'
const config = (tap: string) => `export default {\n  tasks: ${JSON.stringify(tasks)},\n  register({pipeline}) {\n    ${tap}\n  },\n}\n`
const adding = (flag: string) =>
  `pipeline.requestCreated.tap((request) => ({...request, argv: [request.argv[0], '${flag}', ...request.argv.slice(1)]}), {filter: {kind: 'compile'}})`

test('editing or removing a config tap that changes the command rebuilds, and explain says the config changed', async (t) => {
  const dir = tempDir('tck-stale-hooks-')
  files(dir, {'main.c': main, 'tck.config.mjs': config(adding('-DVALUE=1'))})
  const env = isolatedEnv()
  const build = builder(dir)
  await build()
  t.is(output(join(dir, 'out/app')), '1\n')
  files(dir, {'tck.config.mjs': config(adding('-DVALUE=2'))})
  t.is((await build()).status.compile, 'built')
  t.is(output(join(dir, 'out/app')), '2\n')
  const explained = await tck(['explain', '--compare', 'last', 'compile'], {cwd: dir, env})
  t.true(explained.stdout.includes('tck.config.mjs changed'), explained.stdout)
  files(dir, {'tck.config.mjs': config('')})
  t.is((await build()).status.compile, 'built')
  t.is(output(join(dir, 'out/app')), '0\n')
})

test('a tap on a keyed hook keys only the tasks its filter names', async (t) => {
  const dir = tempDir('tck-stale-filter-')
  files(dir, {'main.c': main, 'tck.config.mjs': config(adding('-DVALUE=1'))})
  const build = builder(dir)
  await build()
  // A comment in the config changes its digest: only the tasks its keyed tap can affect run again.
  files(dir, {'tck.config.mjs': `// edited\n${config(adding('-DVALUE=1'))}`})
  const again = await build()
  t.is(again.status.compile, 'built')
  t.is(again.status.link, 'cached', 'the tap is filtered to compile tasks, and the same object links to the same program')
})

test('a plugin that taps a keyed hook is in the key by version and code: an upgrade rebuilds, and explain names it', async (t) => {
  const plugin = join(tempDir('tck-stale-plugin-'), 'plugin-flag')
  mkdirSync(plugin)
  const manifest = (version: string) => JSON.stringify({
    name: '@tck/plugin-stale-flag', version, type: 'module', oclif: {hooks: {'tck:register': './register.js'}},
  })
  files(plugin, {
    'package.json': manifest('0.1.0'),
    'register.js': `export default ({pipeline}) => pipeline.requestCreated.tap((request) => ({...request, argv: [request.argv[0], '-DVALUE=5', ...request.argv.slice(1)]}), {filter: {kind: 'compile'}})\n`,
  })
  const dir = tempDir('tck-stale-plugged-')
  files(dir, {'main.c': main, 'tck.config.json': JSON.stringify({tasks})})
  const env = isolatedEnv()
  const linked = await tck(['plugins', 'link', plugin, '--no-install'], {env})
  t.is(linked.code, 0, linked.stderr)
  const build = async () => (await tck(['build', '--json'], {cwd: dir, env})).stdout
  await build()
  t.is(output(join(dir, 'out/app')), '5\n')
  files(plugin, {'package.json': manifest('0.2.0')})
  t.regex(await build(), /"id":"compile","worker":\d+,"status":"built"/)
  const explained = await tck(['explain', '--compare', 'last', 'compile'], {cwd: dir, env})
  t.true(explained.stdout.includes('plugin @tck/plugin-stale-flag 0.1.0 -> 0.2.0'), explained.stdout)
})

test('beforeExecute only looks: a tap that edits the request fails the task instead of running an unkeyed command', async (t) => {
  const dir = tempDir('tck-stale-look-')
  files(dir, {'main.c': main, 'tck.config.mjs': config(`pipeline.beforeExecute.tap((request) => { request.argv.push('-DVALUE=9') })`)})
  const result = await builder(dir)()
  t.is(result.status.compile, 'failed')
  t.false(result.stderr.includes('    at '), 'no stack trace')
})
