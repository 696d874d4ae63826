/**
 * The compiler is keyed by content: the driver, and the compiler proper and tools behind it, so
 * an upgrade in place — or behind a wrapper that never changes — runs the compile again.
 */
import test from 'ava'
import {appendFileSync, chmodSync, copyFileSync, mkdirSync, realpathSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {execFileSync} from 'node:child_process'
import {tck} from '../helpers/cli.js'
import {builder, compileAndLink, output, printValue, project} from './helpers.js'

const which = (name: string) => realpathSync(execFileSync('sh', ['-c', `command -v ${name}`], {encoding: 'utf8'}).trim())

/** A wrapper named like the compiler, first on PATH, that never changes: what it runs is in `proper/`. */
function wrapped(dir: string, name: string, exec: string): NodeJS.ProcessEnv {
  mkdirSync(join(dir, 'wrap'), {recursive: true})
  writeFileSync(join(dir, 'wrap', name), `#!/bin/sh\nexec ${exec} "$@"\n`)
  chmodSync(join(dir, 'wrap', name), 0o755)
  return {PATH: `${join(dir, 'wrap')}:${process.env.PATH}`}
}

test('gcc: the cc1 behind an unchanged driver wrapper upgraded in place recompiles, and explain names it', async (t) => {
  const dir = project(compileAndLink('gcc'), {'main.c': printValue('<limits.h>').replace('VALUE', 'CHAR_BIT')})
  mkdirSync(join(dir, 'proper'))
  const cc1 = execFileSync('gcc', ['-print-prog-name=cc1'], {encoding: 'utf8'}).trim()
  copyFileSync(cc1, join(dir, 'proper', 'cc1'))
  chmodSync(join(dir, 'proper', 'cc1'), 0o755)
  // -B: the driver runs the cc1 in proper/ — and says so when asked -print-prog-name=cc1.
  const env = wrapped(dir, 'gcc', `${which('gcc')} -B${join(dir, 'proper')}/`)
  const build = builder(dir, env)
  t.is((await build()).status.compile, 'built')
  t.is((await build()).status.compile, 'cached')
  appendFileSync(join(dir, 'proper', 'cc1'), 'an upgrade')
  const upgraded = await build()
  t.is(upgraded.status.compile, 'built', upgraded.stderr)
  t.is(output(join(dir, 'out/app')), '8\n')
  const explained = await tck(['explain', '--compare', 'last', 'compile'], {cwd: dir, env: {...process.env, ...env}})
  t.regex(explained.stdout, /compiler behind gcc: its files changed \(.*proper\/cc1\)/, explained.stdout)
})

test('clang: the driver behind an unchanged wrapper upgraded in place recompiles', async (t) => {
  const dir = project(compileAndLink('clang'), {'main.c': printValue('<limits.h>').replace('VALUE', 'CHAR_BIT')})
  mkdirSync(join(dir, 'proper'))
  copyFileSync(which('clang'), join(dir, 'proper', 'clang'))
  chmodSync(join(dir, 'proper', 'clang'), 0o755)
  const build = builder(dir, wrapped(dir, 'clang', join(dir, 'proper', 'clang')))
  t.is((await build()).status.compile, 'built')
  t.is((await build()).status.compile, 'cached')
  appendFileSync(join(dir, 'proper', 'clang'), 'an upgrade')
  t.is((await build()).status.compile, 'built')
  t.is(output(join(dir, 'out/app')), '8\n')
})

test('gcc: a driver upgraded in place with the same version number recompiles (a distribution revision)', async (t) => {
  const dir = project(compileAndLink('gcc'), {'main.c': printValue('<limits.h>').replace('VALUE', 'CHAR_BIT')})
  // A copy of the driver finds its compiler relative to itself: give it the system's lib and libexec beside it.
  const prefix = join(dir, 'prefix')
  mkdirSync(join(prefix, 'bin'), {recursive: true})
  for (const name of ['lib', 'libexec']) symlinkSync(`/usr/${name}`, join(prefix, name))
  copyFileSync(which('gcc'), join(prefix, 'bin', 'gcc'))
  chmodSync(join(prefix, 'bin', 'gcc'), 0o755)
  const build = builder(dir, {PATH: `${join(prefix, 'bin')}:${process.env.PATH}`})
  t.is((await build()).status.compile, 'built')
  appendFileSync(join(prefix, 'bin', 'gcc'), 'revision 2')
  t.is((await build()).status.compile, 'built', 'same `gcc version 12.2.0`, other bytes: another compiler')
})

test('gcc: a shared library the driver loads, upgraded in place with no binary changed, recompiles', async (t) => {
  const dir = project(compileAndLink('gcc'), {'main.c': printValue('<limits.h>').replace('VALUE', 'CHAR_BIT')})
  // A driver named gcc that loads lib/libshim.so (by its rpath) and then becomes the real gcc:
  // what the distribution's libisl is to cc1. The real gcc finds its cc1 from its own path in argv[0].
  const lib = join(dir, 'lib')
  mkdirSync(lib)
  mkdirSync(join(dir, 'wrap'))
  const shim = (release: number) => {
    writeFileSync(join(lib, 'shim.c'), `int shim_release(void) { return ${release}; }\n`)
    execFileSync('gcc', ['-shared', '-fPIC', join(lib, 'shim.c'), '-o', join(lib, 'libshim.so')])
  }
  shim(1)
  writeFileSync(join(dir, 'wrap', 'driver.c'), `#include <unistd.h>\nint shim_release(void);\nint main(int argc, char **argv) { (void)argc; (void)shim_release(); argv[0] = ${JSON.stringify(which('gcc'))}; execv(argv[0], argv); return 127; }\n`)
  execFileSync('gcc', [join(dir, 'wrap', 'driver.c'), '-o', join(dir, 'wrap', 'gcc'), `-L${lib}`, '-lshim', `-Wl,-rpath,${lib}`])
  const build = builder(dir, {PATH: `${join(dir, 'wrap')}:${process.env.PATH}`})
  const first = await build()
  t.is(first.status.compile, 'built', first.stderr)
  t.is((await build()).status.compile, 'cached')
  shim(2)
  const upgraded = await build()
  t.is(upgraded.status.compile, 'built', upgraded.stderr)
  t.is(output(join(dir, 'out/app')), '8\n')
  t.is((await build()).status.compile, 'cached')
})

test('gcc: the cc1 in a -B directory the command names, upgraded in place, recompiles', async (t) => {
  const dir = project(compileAndLink('gcc', ['-Bproper/']), {'main.c': printValue('<limits.h>').replace('VALUE', 'CHAR_BIT')})
  mkdirSync(join(dir, 'proper'))
  copyFileSync(execFileSync('gcc', ['-print-prog-name=cc1'], {encoding: 'utf8'}).trim(), join(dir, 'proper', 'cc1'))
  chmodSync(join(dir, 'proper', 'cc1'), 0o755)
  const build = builder(dir)
  t.is((await build()).status.compile, 'built')
  t.is((await build()).status.compile, 'cached')
  appendFileSync(join(dir, 'proper', 'cc1'), 'an upgrade')
  const upgraded = await build()
  t.is(upgraded.status.compile, 'built', upgraded.stderr)
  t.is(output(join(dir, 'out/app')), '8\n')
  t.is((await build()).status.compile, 'cached')
})

test('gcc: a specs file the command names, edited, recompiles', async (t) => {
  const dir = project(compileAndLink('gcc', ['-specs=extra.specs']), {'main.c': printValue('<stdio.h>'), 'extra.specs': '*cpp:\n+ -DVALUE=1\n\n'})
  const build = builder(dir)
  t.is((await build()).status.compile, 'built')
  t.is(output(join(dir, 'out/app')), '1\n')
  t.is((await build()).status.compile, 'cached')
  writeFileSync(join(dir, 'extra.specs'), '*cpp:\n+ -DVALUE=2\n\n')
  const edited = await build()
  t.is(edited.status.compile, 'built', edited.stderr)
  t.is(output(join(dir, 'out/app')), '2\n')
})

test('gcc: the profile -fprofile-use reads (the object\'s .gcda), written again by another training run, recompiles', async (t) => {
  const main = '#include <stdlib.h>\nint main(int argc, char **argv) { int s = 0; for (int i = 0; i < atoi(argv[1]) * 1000; i++) s += i % 7; return s & 1; }\n'
  const dir = project(compileAndLink('gcc', ['-fprofile-use', '-Wno-missing-profile']), {'main.c': main})
  const train = (runs: string) => {
    mkdirSync(join(dir, 'out'), {recursive: true})
    execFileSync('gcc', ['-fprofile-generate', '-c', 'main.c', '-o', 'out/main.o'], {cwd: dir})
    execFileSync('gcc', ['-fprofile-generate', 'out/main.o', '-o', 'out/train'], {cwd: dir})
    try {
      execFileSync(join(dir, 'out/train'), [runs], {cwd: dir})
    } catch {}
  }
  train('1')
  const build = builder(dir)
  t.is((await build()).status.compile, 'built')
  t.is((await build()).status.compile, 'cached')
  rmSync(join(dir, 'out/main.gcda'))
  train('50')
  const retrained = await build()
  t.is(retrained.status.compile, 'built', retrained.stderr)
})
