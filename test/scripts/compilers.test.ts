/**
 * Each compiler plugin: detected, compiles an executable and a shared object, and passes
 * diagnostics through at the script's own file:line. gcc is bundled; clang and tcc are linked
 * into a private plugin dir, as a user would add them.
 */
import test from 'ava'
import {execFileSync} from 'node:child_process'
import {join} from 'node:path'
import {repoRoot, tck, tempDir} from '../helpers/cli.js'
import {scriptEnv, scriptsCopy, tckRun} from './helpers.js'
import {runtime} from '../../core/runtime.js'
import {requireProgram} from '../helpers/programs.js'

const dir = scriptsCopy()
const env = scriptEnv()

test.before(async () => {
  for (const name of ['compiler-clang', 'compiler-tcc']) {
    const linked = await tck(['plugins', 'link', join(repoRoot, 'plugins', name)], {env})
    if (linked.code !== 0) throw new Error(`cannot link ${name}: ${linked.stderr}`)
  }
})

for (const compiler of ['gcc', 'clang', 'tcc']) {
  test(`${compiler}: runs hello and GLib scripts`, async (t) => {
    if (!requireProgram(t, compiler, compiler)) return
    const hello = await tckRun(['run', '--compiler', compiler, 'hello.c'], {cwd: dir, env})
    t.is(hello.stdout, 'Hello from C\n', hello.stderr)
    const glib = await tckRun(['run', '--compiler', compiler, 'glib.c', 'x'], {cwd: dir, env})
    t.is(glib.stdout, 'glib+x 2.1\n', glib.stderr)
    const dry = await tckRun(['run', '--compiler', compiler, '--dry-run', 'hello.c'], {cwd: dir, env})
    t.regex(dry.stdout, new RegExp(`^\\S*/${compiler} `))
  })

  test(`${compiler}: diagnostics point at the script's own file and line`, async (t) => {
    if (!requireProgram(t, compiler, compiler)) return
    const result = await tckRun(['run', '--compiler', compiler, 'broken.c'], {cwd: dir, env})
    t.is(result.code, 1)
    t.regex(result.stderr, new RegExp(`${join(dir, 'broken.c')}:6:`), result.stderr)
    t.false(result.stderr.includes('compile-'), 'no temp file is named')
  })
}

test('each plugin detects its compiler and builds a shared object', async (t) => {
  if (!requireProgram(t, 'gcc', 'gcc', ['clang', 'clang'], ['tcc', 'tcc'])) return
  const work = tempDir('tck-shared-')
  const source = join(work, 'lib.c')
  execFileSync('sh', ['-c', `printf 'int answer(void) { return 42; }\\n' > ${source}`])
  for (const name of ['gcc', 'clang', 'tcc']) {
    const {default: register} = await import(join(repoRoot, 'plugins', `compiler-${name}`, 'dist', 'register.js'))
    let compiler: any
    register({registries: {compiler: {register: (provider: unknown) => (compiler = provider)}}, api: runtime})
    const identity = await compiler.detect()
    t.is(identity.name, name)
    t.regex(identity.version, /^\d+\.\d+/)
    t.truthy(identity.target)
    t.is(await compiler.detect('/bin/true'), undefined, `${name} does not claim a program that is not its compiler`)
    const output = join(work, `lib${name}.so`)
    const argv: string[] = compiler.command(identity, {sources: [source], output, kind: 'shared', flags: [], libs: []})
    execFileSync(argv[0], argv.slice(1))
    t.regex(execFileSync('readelf', ['-h', output], {encoding: 'utf8'}), /Type:\s+DYN/)
  }
})
