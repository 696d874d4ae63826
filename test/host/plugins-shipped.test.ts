/**
 * `tck plugins add <short name>` on a fresh machine with no registry at all: the npm registry is
 * a closed port on loopback, so every first-party plugin comes from inside tck. Each is then used.
 */
import test from 'ava'
import {execFile} from 'node:child_process'
import {chownSync, existsSync, mkdtempSync, readdirSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {isolatedEnv, repoRoot, tck, tckBin, type CliResult} from '../helpers/cli.js'
import {startNginx} from '../helpers/nginx.js'
import {closedPort} from '../helpers/port.js'
import {projectWith} from '../helpers/project.js'
import {requireProgram} from '../helpers/programs.js'

/** A tck whose npm registry cannot be reached: nothing listens on that port. */
async function offlineEnv(): Promise<NodeJS.ProcessEnv> {
  return isolatedEnv({npm_config_registry: `http://127.0.0.1:${await closedPort()}/`, TCK_QUIET: '0'})
}

const added = (name: string, env: NodeJS.ProcessEnv) => tck(['plugins', 'add', name], {env})

const helloC = '#include <stdio.h>\nint main(void) { puts("hello from a plugin compiler"); return 0; }\n'

for (const [short, compiler, debianPackage] of [['clang', 'clang', 'clang'], ['tcc', 'tcc', 'tcc']]) {
  test(`plugins add ${short}: added from inside tck, and tck run compiles with it`, async (t) => {
    if (!requireProgram(t, compiler, debianPackage)) return
    const env = await offlineEnv()
    const add = await added(short, env)
    t.is(add.code, 0, add.stderr)
    t.regex(add.stdout, new RegExp(`added @tck/plugin-compiler-${compiler} 0\\.1\\.0 \\(shipped with tck\\)`))
    t.regex(add.stderr, /your npm registry did not answer \(ECONNREFUSED\)/, 'one line says why the registry was not used')
    const dir = projectWith({'hello.c': helloC})
    const run = await tck(['run', '--compiler', compiler, 'hello.c'], {cwd: dir, env})
    t.is(run.code, 0, run.stderr)
    t.is(run.stdout, 'hello from a plugin compiler\n')
  })
}

test('plugins add cache-http: a build stores its results on a real HTTP cache', async (t) => {
  if (!requireProgram(t, 'nginx', 'nginx')) return
  const env = await offlineEnv()
  const add = await added('cache-http', env)
  t.is(add.code, 0, add.stderr)
  const nginx = await startNginx()
  t.teardown(() => nginx.stop())
  const dir = projectWith({
    'tck.config.json': JSON.stringify({
      cache: {levels: [{provider: 'fs'}, {provider: 'http', url: nginx.url}]},
      tasks: {make: {run: 'echo made > made.txt', outputs: ['made.txt']}},
    }),
  })
  const build = await tck(['build'], {cwd: dir, env})
  t.is(build.code, 0, build.stderr)
  t.true(readdirSync(join(nginx.dataDir, 'ac')).length > 0, 'the action result is on the remote')
  t.true(readdirSync(join(nginx.dataDir, 'cas')).length > 0, 'and the output blob')
})

test('plugins add bwrap: tasks run in the bubblewrap sandbox', async (t) => {
  if (!requireProgram(t, 'bwrap', 'bubblewrap')) return
  const env = await offlineEnv()
  const add = await added('bwrap', env)
  t.is(add.code, 0, add.stderr)
  t.regex(add.stdout, /added @tck\/plugin-exec-bwrap/)
  const probe = '/tck-sandbox-probe'
  const dir = projectWith({
    'tck.config.json': JSON.stringify({
      executor: 'bwrap',
      tasks: {inside: {run: `if touch ${probe} 2>/dev/null; then echo writable; else echo read-only; fi > state.txt`, outputs: ['state.txt']}},
    }),
  })
  const build = await tck(['build'], {cwd: dir, env})
  t.is(build.code, 0, build.stderr)
  t.is(readFileSync(join(dir, 'state.txt'), 'utf8').trim(), 'read-only', 'the host is read-only inside the sandbox')
  t.false(existsSync(probe))
})

test('plugins add pkg-config: its command and its flags work', async (t) => {
  if (!requireProgram(t, 'pkg-config', 'pkg-config')) return
  const env = await offlineEnv()
  t.not((await tck(['pkg-config', 'glib-2.0'], {env})).code, 0, 'not there before')
  const add = await added('pkg-config', env)
  t.is(add.code, 0, add.stderr)
  const command = await tck(['pkg-config', 'glib-2.0'], {env})
  t.is(command.code, 0, command.stderr)
  t.regex(command.stdout, /-lglib-2\.0/)
  t.notRegex(command.stderr, /auto-transpiled/)
})

test('both the short and the oclif name mean the plugin; remove takes either; available says which are added', async (t) => {
  const env = await offlineEnv()
  t.is((await added('compiler-tcc', env)).code, 0)
  const again = await added('tcc', env)
  t.is(again.code, 0, again.stderr)
  t.regex(again.stdout, /is added already/)
  const available = JSON.parse((await tck(['plugins', 'available', '--json'], {env})).stdout) as {plugins: Array<{name: string; shortNames: string[]; status: string}>}
  const byName = new Map(available.plugins.map((plugin) => [plugin.name, plugin]))
  t.is(byName.get('@tck/plugin-compiler-tcc')!.status, 'added')
  t.deepEqual(byName.get('@tck/plugin-compiler-clang')!.shortNames, ['compiler-clang', 'clang'])
  t.is(byName.get('@tck/plugin-compiler-clang')!.status, 'not added')
  t.is(byName.get('@tck/plugin-compiler-gcc')!.status, 'bundled')
  const text = (await tck(['plugins', 'available'], {env})).stdout.split('\n')
  t.true(text.some((line) => /^compiler-clang, clang +not added +tck compiler: Clang$/.test(line)), text.join('\n'))

  const remove = await tck(['plugins', 'remove', 'tcc'], {env})
  t.is(remove.code, 0, remove.stderr)
  const list = JSON.parse((await tck(['plugins', '--json'], {env})).stdout) as Array<{name: string}>
  t.false(list.some((plugin) => plugin.name === '@tck/plugin-compiler-tcc'))
  const bundled = await tck(['plugins', 'remove', 'gcc'], {env})
  t.is(bundled.code, 2)
  t.regex(bundled.stderr, /part of tck and cannot be removed/)
})

test('a short name that matches nothing first-party installs nothing, and suggests the near ones', async (t) => {
  const env = await offlineEnv()
  const result = await tck(['plugins', 'add', 'clnag'], {env})
  t.is(result.code, 4)
  t.regex(result.stderr, /no first-party plugin is called "clnag"; nothing was installed/)
  t.regex(result.stderr, /Did you mean `tck plugins add clang`/)
  const both = await tck(['plugins', 'add', 'tcc', 'cache-htpp'], {env})
  t.is(both.code, 4, 'one typo and nothing is added')
  const dataDir = join(env.XDG_DATA_HOME!, 'tck')
  t.false(existsSync(join(dataDir, 'node_modules')), 'no npm install ran')
  const plugins = existsSync(join(dataDir, 'package.json')) ? JSON.parse(readFileSync(join(dataDir, 'package.json'), 'utf8')).oclif.plugins : []
  t.deepEqual(plugins, [])
})

test('TCK_OFFLINE=1 asks no registry at all', async (t) => {
  const env = {...(await offlineEnv()), TCK_OFFLINE: '1'}
  const add = await added('clang', env)
  t.is(add.code, 0, add.stderr)
  t.notRegex(add.stderr, /registry/)
})

test('an unknown command suggests the near one, or the plugin that brings it', async (t) => {
  const env = await offlineEnv()
  const typo = await tck(['biuld'], {env})
  t.is(typo.code, 2)
  t.regex(typo.stderr, /no command "biuld"\.\n {2}Did you mean `tck build`\?/)
  t.notRegex(typo.stderr, /plugins add biuld/)
  const plugin = await tck(['pkg-config', 'zlib'], {env})
  t.regex(plugin.stderr, /no command "pkg-config"\.\n {2}It comes with a plugin: `tck plugins add pkg-config`\./)
})

test('tck run --help names no compiler as registered that needs a plugin', async (t) => {
  const help = await tck(['run', '--help'])
  t.is(help.code, 0)
  t.notRegex(help.stdout, /registered compiler \(gcc, clang, tcc\)/)
  t.regex(help.stdout.replace(/\s+/g, ' '), /gcc \(bundled\), clang or tcc once their plugin is added/)
})

const NOBODY = 65534

test('a user who is not root adds a plugin: only their own data dir is written', async (t) => {
  const home = mkdtempSync(join(tmpdir(), 'tck-nobody-'))
  if (process.getuid?.() === 0) chownSync(home, NOBODY, NOBODY)
  const env = {PATH: process.env.PATH!, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache'), XDG_CONFIG_HOME: join(home, 'config'),
    npm_config_registry: `http://127.0.0.1:${await closedPort()}/`, TCK_QUIET: '1'}
  const asUser = (args: string[]) =>
    new Promise<CliResult>((resolve) => {
      const [file, argv] = process.getuid?.() === 0
        ? ['setpriv', ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', process.execPath, tckBin, ...args]]
        : [process.execPath, [tckBin, ...args]]
      execFile(file, argv, {cwd: home, env, timeout: 120_000}, (error, stdout, stderr) => resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr}))
    })
  const add = await asUser(['plugins', 'add', 'clang'])
  t.is(add.code, 0, add.stderr)
  const doctor = await asUser(['doctor', '--json'])
  t.is(doctor.code, 0, doctor.stderr)
  t.true(JSON.parse(doctor.stdout).providers.compiler.some((provider: {name: string}) => provider.name === 'clang'))
  t.true(existsSync(join(home, 'data', 'tck', 'package.json')))
  t.false(existsSync(join(repoRoot, 'node_modules', '@tck', 'plugin-compiler-clang', 'node_modules')), 'nothing written inside tck')
})
