/**
 * Crispy's scripts run as they are. fixtures/scripts/crispy/ holds scripts written for this
 * project that do what Crispy's own examples do (hello, args, file-io, math, physics): GLib with
 * no params line, argv[0], GIO, `-lm` on a params line with a comment, `-lm` from the config.
 *
 * The expected output (fixtures/scripts/crispy/expected/) was recorded by running Crispy 0.2.0
 * (github.com/zachpodbielniak/crispy at 5a83103, built from source) on these same scripts, from
 * inside their directory, with `--no-config` except physics (a Crispy C config whose
 * `crispy_config_init` calls `crispy_config_context_set_extra_flags(ctx, "-lm")`), e.g.
 * `crispy --no-config args.c alpha 'two words' --help '' > expected/args.txt`. file-io was recorded
 * with `-p libgio-2.0.so.0`: without it Crispy fails on Debian ("undefined symbol:
 * g_file_new_for_path", exit 127) because it puts the libraries before the source. Crispy itself
 * is not needed to run this test.
 */
import test from 'ava'
import {execFileSync} from 'node:child_process'
import {copyFileSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {NO_NODE, needProgram, scriptEnv, scriptsCopy, tckRun} from './helpers.js'

const dir = scriptsCopy()
const crispyDir = join(dir, 'crispy')
const expected = (name: string) => readFileSync(join(crispyDir, 'expected', `${name}.txt`), 'utf8')

const cases: Array<{name: string; script: string; args: string[]; code: number}> = [
  {name: 'hello', script: 'hello.c', args: [], code: 0},
  {name: 'hello-named', script: 'hello.c', args: ['Crispy'], code: 0},
  {name: 'args', script: 'args.c', args: ['alpha', 'two words', '--help', ''], code: 0},
  {name: 'args-none', script: 'args.c', args: [], code: 3},
  {name: 'file-io', script: 'file-io.c', args: [], code: 0},
  {name: 'math', script: 'math.c', args: [], code: 0},
  {name: 'physics', script: 'physics.c', args: [], code: 0},
  {name: 'physics-args', script: 'physics.c', args: ['2', '20'], code: 0},
]

for (const {name, script, args, code} of cases) {
  test.serial(`Crispy's ${name} example: the same output under tck run, compiled and then from the launcher`, async (t) => {
    needProgram(t, 'pkg-config', 'pkg-config')
    const env = scriptEnv()
    const first = await tckRun(['run', script, ...args], {cwd: crispyDir, env})
    t.is(first.stderr, '')
    t.is(first.stdout, expected(name))
    t.is(first.code, code)
    const cached = await tckRun(['run', script, ...args], {cwd: crispyDir, env: {...env, ...NO_NODE}})
    t.is(cached.stdout, expected(name), cached.stderr)
    t.is(cached.code, code)
  })
}

test('physics gets libm from the config: run where no config is, it does not link', async (t) => {
  const result = await tckRun(['run', 'crispy/physics.c'], {cwd: dir, env: scriptEnv()})
  t.is(result.code, 1)
  // Found through GLib's own dependency on libm, but not named: the linker refuses it.
  t.regex(result.stderr, /undefined reference to (`|symbol ')(sin|cos|sqrt|pow)/)
})

test('the profile is on for scripts that use CRISPY_PARAMS or include GLib without TCK_PARAMS, and only for them', async (t) => {
  const env = scriptEnv()
  const glib = await tckRun(['run', '--dry-run', 'crispy/hello.c'], {cwd: dir, env})
  t.regex(glib.stdout, /-I\S*glib-2\.0/)
  t.regex(glib.stdout, /hello\.c .*-lgio-2\.0 .*-lgmodule-2\.0/, 'GLib libraries after the source')
  const crispyParams = await tckRun(['run', '--dry-run', 'crispy.c'], {cwd: dir, env})
  t.regex(crispyParams.stdout, /-lglib-2\.0/)
  const plain = await tckRun(['run', '--dry-run', 'hello.c'], {cwd: dir, env})
  t.notRegex(plain.stdout, /glib/)
  // A tck script names its own flags: glib.c asks pkg-config itself, once.
  const own = await tckRun(['run', '--dry-run', 'glib.c'], {cwd: dir, env})
  t.is(own.stdout.match(/-lglib-2\.0/g)?.length, 1, own.stdout)
  const inline = await tckRun(['run', '--dry-run', '-I', 'glib.h', '-i', 'g_print("x\\n");'], {cwd: dir, env})
  t.regex(inline.stdout, /-lglib-2\.0/)
  const always = join(dir, 'profile-always')
  mkdirSync(always)
  copyFileSync(join(dir, 'hello.c'), join(always, 'hello.c'))
  writeFileSync(join(always, 'tck.config.json'), JSON.stringify({run: {crispy: 'always'}}))
  t.regex((await tckRun(['run', '--dry-run', 'hello.c'], {cwd: always, env})).stdout, /-lglib-2\.0/)
})

test('run.crispy "off" turns the profile off; a wrong value is a config error naming the key', async (t) => {
  const env = scriptEnv()
  const work = join(dir, 'profile-off')
  mkdirSync(work)
  copyFileSync(join(crispyDir, 'hello.c'), join(work, 'hello.c'))
  const config = join(work, 'tck.config.json')
  writeFileSync(config, JSON.stringify({run: {crispy: 'off'}}))
  const off = await tckRun(['run', 'hello.c'], {cwd: work, env})
  t.is(off.code, 1)
  t.true(off.stderr.includes('glib.h: No such file or directory'), off.stderr)
  writeFileSync(config, JSON.stringify({run: {crispy: 'sometimes'}}))
  const wrong = await tckRun(['run', 'hello.c'], {cwd: work, env})
  t.is(wrong.code, 3)
  t.true(wrong.stderr.includes(`${config}: run.crispy`), wrong.stderr)
  t.false(wrong.stderr.includes('"code"'), 'no raw validation dump')
  t.false(wrong.stderr.includes('plugins remove'), 'a setting to fix, not a plugin to remove')
})

test('a cached GLib script is compiled again when pkg-config would now say something else', async (t) => {
  needProgram(t, 'pkg-config', 'pkg-config')
  const env = scriptEnv()
  const work = join(dir, 'pc-check')
  const pcDir = join(work, 'pc')
  mkdirSync(pcDir, {recursive: true})
  const realDir = execFileSync('pkg-config', ['--variable', 'pcfiledir', 'glib-2.0'], {encoding: 'utf8'}).trim()
  const real = readFileSync(join(realDir, 'glib-2.0.pc'), 'utf8')
  writeFileSync(join(pcDir, 'glib-2.0.pc'), real.replace(/^Cflags:(.*)$/m, 'Cflags:$1 -DTCK_OTHER_GLIB=1'))
  writeFileSync(join(work, 'which.c'), '#include <glib.h>\n#ifdef TCK_OTHER_GLIB\n#define WHICH "other"\n#else\n#define WHICH "system"\n#endif\nint main(void) { g_print("%s\\n", WHICH); return 0; }\n')
  t.is((await tckRun(['run', 'which.c'], {cwd: work, env})).stdout, 'system\n')
  t.is((await tckRun(['run', 'which.c'], {cwd: work, env: {...env, ...NO_NODE}})).stdout, 'system\n')
  const other = await tckRun(['run', 'which.c'], {cwd: work, env: {...env, PKG_CONFIG_PATH: pcDir}})
  t.is(other.stdout, 'other\n', other.stderr)
})
