/**
 * The launcher's cold path (bin/cold.sh): once Node has compiled a script of a kind, a new or
 * edited script of that kind compiles and runs without Node — with the argv Node builds — and a
 * Node run in the background stores it, so the next run is a hit. Anything in doubt is Node's.
 */
import test from 'ava'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tempDir} from '../helpers/cli.js'
import {NO_NODE, scriptEnv, tckRun} from './helpers.js'

const printer = (what: string) => `#include <stdio.h>\nint main(int argc, char **argv) { printf("%s %s\\n", argv[0], ${what}); return argc > 1 ? 3 : 0; }\n`
// Writes its own executable to out.bin: what ran, to compare with what Node stores.
const selfCopier = `#include <stdio.h>\nint main(void) {\n  FILE *in = fopen("/proc/self/exe", "rb"), *out = fopen("out.bin", "wb");\n  int c;\n  while ((c = fgetc(in)) != EOF) fputc(c, out);\n  fclose(out);\n  puts("copied");\n  return 0;\n}\n`

/** Waits for the background record of `file`: its launch entry appears. */
async function recorded(env: NodeJS.ProcessEnv, dir: string, file: string): Promise<void> {
  const entry = join(env.XDG_CACHE_HOME!, 'tck', 'scripts', 'launch', dir, `${file}.sh`)
  for (let waited = 0; waited < 60_000; waited += 50) {
    if (existsSync(entry)) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`no launch entry ${entry} after 60 s`)
}

function setup(): {dir: string; env: NodeJS.ProcessEnv} {
  const dir = tempDir('tck-cold-')
  return {dir, env: {...scriptEnv(), TCK_DEBUG: '1'}}
}

test('a new script of a kind Node compiled runs without Node, and its background record makes the next run a hit', async (t) => {
  const {dir, env} = setup()
  writeFileSync(join(dir, 'first.c'), printer('"one"'))
  t.is((await tckRun(['run', 'first.c'], {cwd: dir, env})).stdout, 'first.c one\n')
  writeFileSync(join(dir, 'second.c'), `#!/usr/bin/env -S tck run\n${printer('"two"')}`)
  // Not under NO_NODE: the background record is Node's; the debug line says the launcher compiled it.
  const cold = await tckRun(['run', 'second.c', 'arg'], {cwd: dir, env})
  t.is(cold.stdout, 'second.c two\n', cold.stderr)
  t.is(cold.code, 3, 'the program\'s exit status')
  t.regex(cold.stderr, /compiled .*second\.c with the plain profile/)
  await recorded(env, dir, 'second.c')
  const hit = await tckRun(['run', 'second.c'], {cwd: dir, env: {...env, ...NO_NODE}})
  t.is(hit.stdout, 'second.c two\n')
  t.notRegex(hit.stderr, /compiled/, 'served from the cache')
})

test('the cold compile is the compile Node stores: the same binary, byte for byte', async (t) => {
  const {dir, env} = setup()
  writeFileSync(join(dir, 'warm.c'), printer('"w"'))
  await tckRun(['run', 'warm.c'], {cwd: dir, env})
  writeFileSync(join(dir, 'copy.c'), selfCopier)
  const cold = await tckRun(['run', 'copy.c'], {cwd: dir, env})
  t.regex(cold.stderr, /compiled .*copy\.c with the plain profile/)
  const coldBinary = readFileSync(join(dir, 'out.bin'))
  await recorded(env, dir, 'copy.c')
  const hit = await tckRun(['run', 'copy.c'], {cwd: dir, env})
  t.notRegex(hit.stderr, /compiled/)
  t.true(readFileSync(join(dir, 'out.bin')).equals(coldBinary), 'the stored binary is the one the launcher compiled')
})

test('a GLib script gets the Crispy profile cold, after one GLib script went through Node', async (t) => {
  const {dir, env} = setup()
  const glib = (word: string) => `#include <glib.h>\nint main(void) { g_print("%s %u\\n", "${word}", glib_major_version); return 0; }\n`
  writeFileSync(join(dir, 'g1.c'), glib('one'))
  t.is((await tckRun(['run', 'g1.c'], {cwd: dir, env})).stdout, 'one 2\n')
  writeFileSync(join(dir, 'g2.c'), glib('two'))
  const cold = await tckRun(['run', 'g2.c'], {cwd: dir, env})
  t.is(cold.stdout, 'two 2\n', cold.stderr)
  t.regex(cold.stderr, /with the crispy profile/)
  // A plain script has no profile yet: Node.
  writeFileSync(join(dir, 'plain.c'), printer('"p"'))
  const plain = await tckRun(['run', 'plain.c'], {cwd: dir, env: {...env, ...NO_NODE}})
  t.not(plain.code, 0)
  t.regex(plain.stderr, /no plain compile profile yet/)
})

test('what only Node can tell goes to Node: a params line, a doubtful GLib line, bad UTF-8, a changed config, a failing compile', async (t) => {
  const {dir, env} = setup()
  writeFileSync(join(dir, 'warm.c'), printer('"w"'))
  await tckRun(['run', 'warm.c'], {cwd: dir, env})
  const goesToNode = async (name: string, text: string | Buffer, why: RegExp) => {
    writeFileSync(join(dir, name), text)
    const run = await tckRun(['run', name], {cwd: dir, env})
    t.regex(run.stderr, why, name)
    t.notRegex(run.stderr, /compiled .* with the/, name)
    return run
  }
  await goesToNode('params.c', `#define TCK_PARAMS "-DX=1"\n${printer('"x"')}`, /has a params line/)
  await goesToNode('maybe.c', `#include "glib-helpers/x.h"\n${printer('"x"')}`, /may include a GLib header/)
  await goesToNode('latin1.c', Buffer.concat([Buffer.from('/* caf'), Buffer.from([0xe9]), Buffer.from(' */\n'), Buffer.from(printer('"x"'))]), /not UTF-8/)
  const failing = await goesToNode('broken.c', 'int main(void) { return nope; }\n', /the compile failed/)
  t.regex(failing.stderr, /broken\.c did not compile/)
  t.is(failing.stderr.match(/nope. undeclared/g)?.length, 1, 'the compiler\'s error is shown once')
  writeFileSync(join(dir, 'tck.config.json'), JSON.stringify({run: {flags: ['-DFROM_CONFIG=1']}}))
  await goesToNode('configured.c', printer('"c"'), /other config files/)
})
