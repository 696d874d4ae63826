/**
 * The nine phases of a script are the engine's hooks: a test plugin (fixtures/plugins/script-hooks,
 * registered by fixtures/scripts/hooks/tck.config.mjs) taps every one of them.
 */
import test from 'ava'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tempDir} from '../helpers/cli.js'
import {fixtures, NO_NODE, scriptEnv, tckRun} from './helpers.js'

// Read-only use of the fixture: caches and launch entries live in each run's private XDG dirs.
const dir = join(fixtures, 'hooks')
const run = (modes: string, args: string[] = [], extra: NodeJS.ProcessEnv = {}, base = scriptEnv()) =>
  tckRun(['run', 'hello.c', ...args], {cwd: dir, env: {...base, TCK_TEST_HOOKS: modes, ...extra}})
const phases = (stderr: string) => [...stderr.matchAll(/^phase: (\S+)/gm)].map((match) => match[1])

const NINE = ['source-loaded', 'params-expanded', 'hash-computed', 'cache-checked', 'pre-compile', 'post-compile', 'module-loaded', 'pre-execute', 'post-execute']

test('all nine phases fire in order on a compile; a hit skips only pre/post-compile', async (t) => {
  const env = scriptEnv({TCK_TEST_HOOKS: ''})
  const first = await tckRun(['run', 'hello.c'], {cwd: dir, env})
  t.is(first.code, 0, first.stderr)
  t.deepEqual(phases(first.stderr), NINE)
  t.is(first.stdout, 'Hello, hooks 0\n')
  // With a plugin tapping, the launcher must hand every run to Node so the hooks fire.
  const second = await tckRun(['run', 'hello.c'], {cwd: dir, env})
  t.deepEqual(phases(second.stderr), NINE.filter((name) => name !== 'pre-compile' && name !== 'post-compile'))
  t.true(second.stderr.includes('cache-checked script:compile hit=true'))
  t.not((await tckRun(['run', 'hello.c'], {cwd: dir, env: {...env, ...NO_NODE}})).code, 0)
})

test('source loaded: a plugin edits the source', async (t) => {
  t.is((await run('edit')).stdout, 'Howdy, hooks 0\n')
})

test('params expanded: a plugin adds flags', async (t) => {
  t.is((await run('flags')).stdout, 'Hello, hooks 42\n')
})

test('hash computed and cache checked: a key part and a forced rebuild', async (t) => {
  const home = scriptEnv()
  await run('key', [], {TCK_TEST_KEY: 'a'}, home)
  const again = await run('key', [], {TCK_TEST_KEY: 'a'}, home)
  t.true(again.stderr.includes('hit=true'), again.stderr)
  const changedKey = await run('key', [], {TCK_TEST_KEY: 'b'}, home)
  t.true(changedKey.stderr.includes('hit=false'))
  const forced = await run('key,force', [], {TCK_TEST_KEY: 'a'}, home)
  t.true(forced.stderr.includes('hit=true'), 'it was cached')
  t.true(forced.stderr.includes('phase: pre-compile'), 'a hit turned into a miss recompiles')
  t.is(forced.stdout, 'Hello, hooks 0\n')
})

test('pre-compile and pre-execute: a plugin aborts, with a clear error', async (t) => {
  const compile = await run('abort-compile,force')
  t.is(compile.code, 1)
  t.true(compile.stderr.includes('was aborted: script-hooks said no to compiling'), compile.stderr)
  t.true(compile.stderr.includes('failed: script:compile task "hello:compile" was aborted'), 'taskFailed fired')
  t.is(compile.stdout, '')
  const execute = await run('abort-run')
  t.is(execute.code, 1)
  t.true(execute.stderr.includes('was aborted: script-hooks said no to running'))
  t.is(execute.stdout, '')
})

test('pre-execute changes argv; post-compile and post-execute read the timings', async (t) => {
  const result = await run('argv,force', ['given'])
  t.is(result.stdout, 'Hello, hooks 0\narg given\narg from-plugin\n')
  t.regex(result.stderr, /timing: script:compile \d+ ms exit 0/)
  t.regex(result.stderr, /timing: script:execute \d+ ms exit 0/)
  t.regex(result.stderr, /phase: module-loaded \/\S+\/bin\/[0-9a-f]{64}\/hello\n/)
})

test('flags combine config < script params < plugins < config overrides, last wins', async (t) => {
  const project = tempDir('tck-precedence-')
  const show = '#include <stdio.h>\nint main(void) { printf("%s\\n", WHO); return 0; }\n'
  writeFileSync(join(project, 'who.c'), `#define TCK_PARAMS "-UWHO -DWHO=\\\\\\"params\\\\\\""\n${show}`)
  const config = (plugin: boolean, override: boolean) =>
    `export default {\n  run: {flags: ['-DWHO="config"'], overrideFlags: ${override ? `['-UWHO', '-DWHO="override"']` : '[]'}},\n` +
    `  register: ({pipeline}) => pipeline.recipeExpanded.tap(async (recipe, build) => {\n` +
    `    ${plugin ? `build.options.script.flags.push('-UWHO', '-DWHO="plugin"')` : ''}\n    return recipe\n  }),\n}\n`
  const who = async (plugin: boolean, override: boolean) => {
    writeFileSync(join(project, 'tck.config.mjs'), config(plugin, override))
    const result = await tckRun(['run', 'who.c'], {cwd: project, env: scriptEnv()})
    return result.stdout.trim() || result.stderr
  }
  t.is(await who(false, false), 'params')
  t.is(await who(true, false), 'plugin')
  t.is(await who(true, true), 'override')
})
