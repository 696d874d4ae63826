/**
 * What a script sees and what `tck run` accepts, as Crispy users expect it: argv[0] as typed (on
 * the Node path and from the launcher), `--help` after the script is the script's, params lines
 * with comments, `-I 'a.h;b.h'`, `-p LIB`, and clear errors for a binary and a missing --cwd.
 */
import test from 'ava'
import {execFileSync} from 'node:child_process'
import {chmodSync, copyFileSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {exec, NO_NODE, scriptEnv, scriptsCopy, tckRun} from './helpers.js'

const dir = scriptsCopy()
const run = (args: string[], env = scriptEnv(), cwd = dir) => tckRun(['run', ...args], {cwd, env})
const showArgv0 = '#include <stdio.h>\nint main(int argc, char **argv) { printf("%s|%d\\n", argv[0], argc); return 0; }\n'

test('argv[0] is the script as the user typed it, compiled and cached, shebang too', async (t) => {
  mkdirSync(join(dir, 'sub'))
  writeFileSync(join(dir, 'sub', 'show.c'), showArgv0)
  writeFileSync(join(dir, 'sub', 'direct.c'), `#!/usr/bin/env -S tck run\n${showArgv0}`)
  chmodSync(join(dir, 'sub', 'direct.c'), 0o755)
  const env = scriptEnv()
  t.is((await run(['./sub/show.c', 'x'], env)).stdout, './sub/show.c|2\n')
  t.is((await run(['./sub/show.c', 'x'], {...env, ...NO_NODE})).stdout, './sub/show.c|2\n')
  t.is((await run([join(dir, 'sub', 'show.c')], {...env, ...NO_NODE})).stdout, `${join(dir, 'sub', 'show.c')}|1\n`, 'another spelling, another argv[0]')
  t.is((await exec('./sub/direct.c', [], {cwd: dir, env})).stdout, './sub/direct.c|1\n')
  t.is((await exec('./sub/direct.c', [], {cwd: dir, env: {...env, ...NO_NODE}})).stdout, './sub/direct.c|1\n')
  const inline = ['-i', 'printf("%s\\n", argv[0]);']
  t.is((await run(inline, env)).stdout, '<inline>\n')
  t.is((await run(inline, {...env, ...NO_NODE})).stdout, '<inline>\n')
})

test('--help after the script goes to the script, on the first run too', async (t) => {
  const env = scriptEnv()
  const first = await run(['args.c', '--help', '-h'], env)
  t.is(first.stdout, '[--help]\n[-h]\n', first.stderr)
  // As with Crispy, inline code's arguments start at a word that is not a flag, or after `--`.
  const inline = await run(['-i', 'printf("%s\\n", argv[1]);', '--', '--help'], env)
  t.is(inline.stdout, '--help\n', inline.stderr)
  const own = await run(['--help'], env)
  t.regex(own.stdout, /Run a C file as a script/)
})

test('a params line may end in a comment and join string literals', async (t) => {
  writeFileSync(join(dir, 'commented.c'), '#define TCK_PARAMS "-DANSWER=42" /* the flags */\n#define X_PARAMS "not ours"\n#include <stdio.h>\nint main(void) { printf("%d %s\\n", ANSWER, X_PARAMS); return 0; }\n')
  t.is((await run(['commented.c'])).stdout, '42 not ours\n')
  writeFileSync(join(dir, 'joined.c'), '#define CRISPY_PARAMS "-DA=1 " "-DB=2" // two literals\n#include <stdio.h>\nint main(void) { printf("%d\\n", A + B); return 0; }\n')
  t.is((await run(['joined.c'])).stdout, '3\n')
  writeFileSync(join(dir, 'open-comment.c'), '#include <stdio.h>\n#define TCK_PARAMS "-DN=5" /* a comment\n   that goes on */\nint main(void) { printf("%d\\n", N); return 0; }\n')
  t.is((await run(['open-comment.c'])).stdout, '5\n')
})

test('a params line tck cannot read is an error naming the file and line, not ignored', async (t) => {
  writeFileSync(join(dir, 'unquoted.c'), '#include <stdio.h>\n#define CRISPY_PARAMS -lm\nint main(void) { return 0; }\n')
  const result = await run(['unquoted.c'])
  t.is(result.code, 2)
  t.true(result.stderr.includes(`${join(dir, 'unquoted.c')}:2: CRISPY_PARAMS`), result.stderr)
})

test('-I takes several headers separated by semicolons, as Crispy does', async (t) => {
  const env = scriptEnv()
  const args = ['-I', 'complex.h; stdatomic.h', '-I', 'limits.h', '-i', 'atomic_int n = 2; double complex z = n * I; printf("%.0f %d\\n", cimag(z), CHAR_BIT);']
  const first = await run(args, env)
  t.is(first.stdout, '2 8\n', first.stderr)
  const cached = await run(args, {...env, ...NO_NODE})
  t.is(cached.stdout, '2 8\n', cached.stderr)
})

test('-p LIB: the library is loaded before main and its symbols are the script\'s', async (t) => {
  const lib = join(dir, 'preload')
  mkdirSync(lib)
  writeFileSync(join(lib, 'greet.c'), '#include <stdio.h>\n__attribute__((constructor)) static void hello(void) { puts("loaded first"); }\nint greet_value(void) { return 42; }\n')
  execFileSync('gcc', ['-shared', '-fPIC', '-Wl,-soname,libgreet.so.1', join(lib, 'greet.c'), '-o', join(lib, 'libgreet.so.1')])
  writeFileSync(join(dir, 'uses-greet.c'), '#include <stdio.h>\nint greet_value(void);\nint main(void) { printf("%d\\n", greet_value()); return 0; }\n')
  writeFileSync(join(dir, 'ignores-greet.c'), '#include <stdio.h>\nint main(void) { puts("main"); return 0; }\n')
  const used = await run(['-p', './preload/libgreet.so.1', 'uses-greet.c'])
  t.is(used.stdout, 'loaded first\n42\n', used.stderr)
  const unused = await run(['--preload', `${lib}/libgreet.so.1`, 'ignores-greet.c'])
  t.is(unused.stdout, 'loaded first\nmain\n', 'loaded even when nothing calls it')
  const byName = await run(['-p', 'libgio-2.0.so.0', '-i', 'extern void *g_file_new_for_path(const char *); printf("%d\\n", g_file_new_for_path("x") != 0);'])
  t.is(byName.stdout, '1\n', byName.stderr)
  const missing = await run(['-p', './preload/libnone.so', 'hello.c'])
  t.is(missing.code, 2)
  t.true(missing.stderr.includes('./preload/libnone.so'), missing.stderr)
})

test('a binary file is one clear error, not the compiler\'s view of every byte', async (t) => {
  copyFileSync('/bin/ls', join(dir, 'ls-copy'))
  const result = await run(['ls-copy'])
  t.is(result.code, 2)
  t.true(result.stderr.includes(`${join(dir, 'ls-copy')} is not C source`), result.stderr)
  t.true(result.stderr.length < 400, `${result.stderr.length} bytes of errors`)
})

test('--cwd to a missing directory is an error naming it', async (t) => {
  for (const args of [['--cwd', '/nope-tck', '-i', 'puts("x");'], ['--cwd', '/nope-tck', 'hello.c']]) {
    const result = await run(args)
    t.is(result.code, 2, result.stderr)
    t.true(result.stderr.includes('/nope-tck'), result.stderr)
    t.false(result.stderr.includes('exited with code 127'))
  }
})
