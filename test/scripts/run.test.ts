/** `tck run` end to end over fixtures/scripts, through the launcher as users call it. */
import test from 'ava'
import {spawn} from 'node:child_process'
import {existsSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {exec, launcher, scriptEnv, scriptsCopy, tckRun} from './helpers.js'
import {oclifProbe} from '../helpers/cli.js'
import {requireProgram} from '../helpers/programs.js'

const dir = scriptsCopy()
const env = scriptEnv()
const run = (args: string[], input?: string, extraEnv = env) => tckRun(['run', ...args], {cwd: dir, env: extraEnv, input})

test('hello: compiles, runs, and runs again from the cache', async (t) => {
  const first = await run(['hello.c'])
  t.is(first.code, 0, first.stderr)
  t.is(first.stdout, 'Hello from C\n')
  const second = await run(['hello.c'])
  t.is(second.stdout, 'Hello from C\n')
})

test('argv and the exit code pass through exactly, even words that look like tck flags', async (t) => {
  for (let attempt = 0; attempt < 2; attempt++) {
    const result = await run(['args.c', '7', '-n', '--dry-run', 'two words', ''])
    t.is(result.code, 7)
    t.is(result.stdout, '[7]\n[-n]\n[--dry-run]\n[two words]\n[]\n')
  }
})

test('a stdin pipe reaches the program, stdout and stderr stay apart', async (t) => {
  const result = await run(['upper.c'], 'piped text\n')
  t.is(result.stdout, 'PIPED TEXT\n')
  t.true(result.stderr.includes('11 bytes'))
})

test('GLib through pkg-config params: the library is linked after the source', async (t) => {
  const result = await run(['glib.c', 'a', 'b'])
  t.is(result.code, 0, result.stderr)
  t.is(result.stdout, 'glib+a+b 2.1\n')
  const dry = await run(['--dry-run', 'glib.c'])
  const argv = dry.stdout.trim().split(' ')
  t.true(argv.indexOf('-lglib-2.0') > argv.findIndex((word) => word.endsWith('glib.c')), dry.stdout)
})

test('CRISPY_PARAMS from scripts written for the original work too', async (t) => {
  const result = await run(['crispy.c'])
  t.is(result.stdout, 'crispy 42\n', result.stderr)
})

test('a compile error is reported at the script\'s own file and line', async (t) => {
  const result = await run(['broken.c'])
  t.is(result.code, 1)
  t.true(result.stderr.includes(`${join(dir, 'broken.c')}:6:10: error: ‘undeclared_name’ undeclared`), result.stderr)
  t.true(result.stderr.includes(`${join(dir, 'broken.c')}:5:7: warning: unused variable`), 'params flags (-Wall) apply')
  t.false(result.stderr.includes('compile-'), 'no temp file is named')
  t.true(result.stderr.includes('did not compile'))
  t.false(result.stderr.includes('    at '), 'no stack trace')
})

test('a failed compile leaves nothing behind; concurrent first runs share one binary', async (t) => {
  const cacheDir = join(dir, 'shared-cache')
  const broken = await run(['--cache-dir', cacheDir, 'broken.c'])
  t.is(broken.code, 1)
  t.deepEqual(readdirSync(join(cacheDir, 'tmp')), [])
  t.false(existsSync(join(cacheDir, 'bin')))
  const runs = await Promise.all([1, 2, 3, 4].map(() => run(['--cache-dir', cacheDir, 'args.c', '0', 'same'])))
  t.deepEqual(runs.map((result) => result.stdout), Array(4).fill('[0]\n[same]\n'))
  t.is(readdirSync(join(cacheDir, 'bin')).length, 1)
  t.deepEqual(readdirSync(join(cacheDir, 'tmp')), [])
})

test('a params expansion error names the script and the line', async (t) => {
  const result = await run(['bad-params.c'])
  t.is(result.code, 2)
  t.true(result.stderr.includes(`${join(dir, 'bad-params.c')}:2: cannot expand TCK_PARAMS`), result.stderr)
  t.true(result.stderr.includes('no-such-package-tck'))
})

test('inline code with the usual headers, and -I for more', async (t) => {
  const inline = await run(['-i', 'printf("%d\\n", 6 * 7);'])
  t.is(inline.stdout, '42\n', inline.stderr)
  const withHeader = await run(['-I', 'complex.h', '-i', 'double complex z = 3.0 * I; printf("%.0f %s\\n", cimag(z), argv[1]);', 'arg'])
  t.is(withHeader.stdout, '3 arg\n', withHeader.stderr)
})

test('source from stdin with `-`', async (t) => {
  const result = await run(['-', 'x'], '#include <stdio.h>\nint main(int c, char **v) { printf("stdin %s\\n", v[1]); return 5; }\n')
  t.is(result.code, 5, result.stderr)
  t.is(result.stdout, 'stdin x\n')
})

test('a shebang script runs as ./script.c, from Node and then from the cache', async (t) => {
  for (let attempt = 0; attempt < 2; attempt++) {
    const result = await exec('./shebang.c', ['one', 'two'], {cwd: dir, env})
    t.is(result.code, 0, result.stderr)
    t.is(result.stdout, 'shebang script with 2 args, first: one\n')
  }
})

test('a program killed by a signal ends tck by the same signal', async (t) => {
  for (let attempt = 0; attempt < 2; attempt++) {
    const result = await run(['signal.c', '15'])
    t.is(result.signal, 'SIGTERM')
  }
})

test('a signal sent to tck reaches the program, on the Node path too, and tck ends by it', async (t) => {
  // -S keeps the run on the Node path: Node must forward the signal, not die before the program.
  const child = spawn(launcher, ['run', '-S', 'wait.c'], {cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe']})
  await new Promise<void>((resolve) => child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve()))
  child.kill('SIGTERM')
  const [code, signal] = await new Promise<[number | null, string | null]>((resolve) => child.on('close', (...ended) => resolve(ended)))
  t.is(code, null)
  t.is(signal, 'SIGTERM')
})

test('--dry-run prints the compile command and runs nothing, also when cached', async (t) => {
  await run(['hello.c'])
  const result = await run(['--dry-run', 'hello.c'])
  t.is(result.code, 0)
  t.regex(result.stdout, /^\/usr\/bin\/gcc .*hello\.c -o \S+hello\n$/)
  t.false(result.stdout.includes('Hello from C'))
})

test('-n compiles afresh and keeps the fresh binary, as Crispy does; -S keeps the compiled source', async (t) => {
  const cacheDir = join(dir, 'private-cache')
  const fresh = await run(['--cache-dir', cacheDir, '-n', 'hello.c'])
  t.is(fresh.stdout, 'Hello from C\n')
  t.deepEqual(readdirSync(join(cacheDir, 'tmp')), [])
  t.is(readdirSync(join(cacheDir, 'bin')).length, 1)
  const kept = await run(['--cache-dir', cacheDir, '-S', 'hello.c'])
  const path = /source kept at (\S+)/.exec(kept.stderr)?.[1]
  t.truthy(path, kept.stderr)
  t.true(existsSync(path!))
})

test('-n replaces a cached binary that went bad, as Crispy\'s -n rewrites its cached object', async (t) => {
  const cacheDir = join(dir, 'damaged-cache')
  t.is((await run(['--cache-dir', cacheDir, 'hello.c'])).stdout, 'Hello from C\n')
  const [key] = readdirSync(join(cacheDir, 'bin'))
  // Written in place: the store's blob (a hardlink of it) is damaged too.
  writeFileSync(join(cacheDir, 'bin', key, 'hello'), 'garbage')
  const fresh = await run(['--cache-dir', cacheDir, '-n', 'hello.c'])
  t.is(fresh.stdout, 'Hello from C\n', fresh.stderr)
  const next = await run(['--cache-dir', cacheDir, 'hello.c'])
  t.is(next.stdout, 'Hello from C\n', next.stderr)
})

test('--clean empties the script cache', async (t) => {
  const cacheDir = join(dir, 'clean-cache')
  await run(['--cache-dir', cacheDir, 'hello.c'])
  t.is(readdirSync(join(cacheDir, 'bin')).length, 1)
  const result = await tckRun(['run', '--clean', '--cache-dir', cacheDir, '--json'], {cwd: dir, env})
  t.is(JSON.parse(result.stdout).removed, 1)
  t.false(existsSync(join(cacheDir, 'bin')))
})

test('--gdb builds with debug information and runs under gdb, also when cached', async (t) => {
  if (!requireProgram(t, 'gdb', 'gdb')) return
  for (let attempt = 0; attempt < 2; attempt++) {
    const result = await run(['--gdb', 'args.c', '3'], 'run\ninfo source\nquit\n')
    t.true(result.stdout.includes('[3]'), result.stdout + result.stderr)
    t.regex(result.stdout, /exited with code 03/)
  }
})

test('a script that does not exist is a clear error', async (t) => {
  const result = await run(['missing.c'])
  t.is(result.code, 2)
  t.true(result.stderr.includes('cannot read script missing.c'))
})

test('a flag tck run does not have is named, with the usage, and nothing is compiled (the fast start leaves it to oclif)', async (t) => {
  const cacheDir = join(dir, '.unknown-flag-cache')
  const result = await run(['--cache-dir', cacheDir, '--bogus', 'hello.c'])
  t.is(result.code, 2)
  t.regex(result.stderr, /Nonexistent flag: --bogus/)
  t.regex(result.stderr, /USAGE\n {2}\$ tck run/)
  t.false(existsSync(join(cacheDir, 'bin')), 'nothing compiled')
})

test('a cold run with flags takes the fast start: no module of oclif is loaded', async (t) => {
  const probe = oclifProbe()
  const result = await run(['-n', '--compiler', 'gcc', 'hello.c'], undefined, {...env, ...probe.env})
  t.is(result.code, 0, result.stderr)
  t.is(result.stdout, 'Hello from C\n')
  t.is(probe.oclifModules(), 0)
  const help = await run(['--help'], undefined, {...env, ...probe.env})
  t.is(help.code, 0)
  t.true(probe.oclifModules() > 0, 'the probe sees oclif when oclif runs')
})

test('--json and --help are oclif\'s, as without the fast start', async (t) => {
  const json = await run(['--json', 'hello.c'])
  t.is(json.code, 0, json.stderr)
  t.like(JSON.parse(json.stdout.slice(json.stdout.indexOf('{'))), {exitCode: 0})
  const help = await run(['--help'])
  t.is(help.code, 0)
  t.regex(help.stdout, /Run a C file as a script, compiled once and cached\./)
})
