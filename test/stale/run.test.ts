/**
 * `tck run` is keyed like any compile task: every header and library the compiler read, the
 * names that would shadow them, and response files — through Node and through the launcher.
 */
import test from 'ava'
import {execFileSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {accessSync, constants, mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tempDir} from '../helpers/cli.js'
import {NO_NODE, scriptEnv, tckRun} from '../scripts/helpers.js'
import {files} from './helpers.js'

const printer = (params: string, include = '') =>
  `#define TCK_PARAMS "${params}"\n#include <stdio.h>\n${include}\nint value(void);\nint main(void) { printf("%d\\n", VALUE); return 0; }\n`

/** Runs the script through Node, then through the launcher (which must not serve a stale binary either). */
async function both(t: import('ava').ExecutionContext, dir: string, env: NodeJS.ProcessEnv, expected: string) {
  const viaNode = await tckRun(['run', 'script.c'], {cwd: dir, env})
  t.is(viaNode.stdout, expected, viaNode.stderr)
  const viaLauncher = await tckRun(['run', 'script.c'], {cwd: dir, env: {...env, ...NO_NODE}})
  t.is(viaLauncher.stdout, expected, viaLauncher.stderr)
}

test('tck run: a header under /usr/local/include edited gives a new binary', async (t) => {
  try {
    accessSync('/usr/local/include', constants.W_OK)
  } catch {
    t.fail('/usr/local/include is not writable: run the staleness tests as root (CI does)')
  }
  const name = `tck-stale-${randomBytes(6).toString('hex')}.h`
  const header = join('/usr/local/include', name)
  t.teardown(() => rmSync(header, {force: true}))
  writeFileSync(header, '#define VALUE 1\n')
  const dir = tempDir('tck-stale-run-')
  files(dir, {'script.c': printer('', `#include <${name}>`).replace('int value(void);\n', '')})
  const env = scriptEnv()
  await both(t, dir, env, '1\n')
  writeFileSync(header, '#define VALUE 2\n')
  await both(t, dir, env, '2\n')
})

test('tck run: a header appearing earlier on the -I path shadows the old one', async (t) => {
  const dir = tempDir('tck-stale-run-')
  files(dir, {'script.c': printer('-I$PWD/first -I$PWD/second', '#include <value.h>').replace('int value(void);\n', ''), 'second/value.h': '#define VALUE 2\n'})
  const env = scriptEnv()
  await both(t, dir, env, '2\n')
  mkdirSync(join(dir, 'first'))
  writeFileSync(join(dir, 'first', 'value.h'), '#define VALUE 1\n')
  await both(t, dir, env, '1\n')
})

test('tck run: a static library given with -L -l, rebuilt, gives a new binary', async (t) => {
  const dir = tempDir('tck-stale-run-')
  files(dir, {'script.c': printer('-L$PWD/lib -lvalue').replace('VALUE', 'value()')})
  const archive = (value: number) => {
    files(dir, {'lib/value.c': `int value(void) { return ${value}; }\n`})
    execFileSync('gcc', ['-c', join(dir, 'lib/value.c'), '-o', join(dir, 'lib/value.o')])
    rmSync(join(dir, 'lib/libvalue.a'), {force: true})
    execFileSync('ar', ['rcs', join(dir, 'lib/libvalue.a'), join(dir, 'lib/value.o')])
  }
  archive(1)
  const env = scriptEnv()
  await both(t, dir, env, '1\n')
  archive(2)
  await both(t, dir, env, '2\n')
})

test('tck run: a response file in the params, changed, gives a new binary', async (t) => {
  const dir = tempDir('tck-stale-run-')
  files(dir, {'script.c': printer('@$PWD/opts.rsp').replace('int value(void);\n', ''), 'opts.rsp': '-DVALUE=1\n'})
  const env = scriptEnv()
  await both(t, dir, env, '1\n')
  writeFileSync(join(dir, 'opts.rsp'), '-DVALUE=2\n')
  await both(t, dir, env, '2\n')
})
