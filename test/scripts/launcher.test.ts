/**
 * The launcher (bin/tck) runs a cached binary without starting Node — and never a stale one: each
 * change to what the binary was built from sends the run back to Node, which recompiles.
 */
import test from 'ava'
import {chmodSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tempDir} from '../helpers/cli.js'
import {exec, launcher, NO_NODE, scriptEnv, tckRun} from './helpers.js'

function project(files: Record<string, string>): string {
  const dir = tempDir('tck-launch-')
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

const printer = (what: string) => `#include <stdio.h>\nint main(void) { printf("%s\\n", ${what}); return 0; }\n`
const numberPrinter = (what: string) => `#include <stdio.h>\nint main(void) { printf("%d\\n", ${what}); return 0; }\n`

test('a cache hit runs without Node, for `tck run` and for a shebang script', async (t) => {
  const dir = project({'hi.c': `#!/usr/bin/env -S tck run\n${printer('"hi"')}`})
  chmodSync(join(dir, 'hi.c'), 0o755)
  const env = scriptEnv()
  t.is((await tckRun(['run', 'hi.c'], {cwd: dir, env})).stdout, 'hi\n')
  const noNode = {...env, ...NO_NODE}
  const viaRun = await tckRun(['run', 'hi.c'], {cwd: dir, env: noNode})
  t.is(viaRun.stdout, 'hi\n', viaRun.stderr)
  const direct = await exec('./hi.c', [], {cwd: dir, env: noNode})
  t.is(direct.stdout, 'hi\n', direct.stderr)
  // The guard is real: a miss under it fails, because it needs Node.
  const miss = await tckRun(['run', '--dry-run', 'hi.c'], {cwd: dir, env: noNode})
  t.not(miss.code, 0)
})

test('inline code is served without Node too, and other code or headers never reuse its binary', async (t) => {
  const env = scriptEnv()
  const cwd = tempDir()
  const code = 'printf("%s %d\\n", argc > 1 ? argv[1] : "none", (int)sqrt(49.0));'
  const run = (args: string[], extra: NodeJS.ProcessEnv = {}) => tckRun(['run', ...args], {cwd, env: {...env, ...extra}})
  t.is((await run(['-i', code, 'first'])).stdout, 'first 7\n')
  t.is((await run(['-i', code, 'second'], NO_NODE)).stdout, 'second 7\n')
  t.is((await run([`--inline=${code}`], NO_NODE)).stdout, 'none 7\n')
  const other = code.replace('49.0', '64.0')
  t.not((await run(['-i', other], NO_NODE)).code, 0, 'other code is a miss')
  t.is((await run(['-i', other])).stdout, 'none 8\n')
  const withHeader = await run(['-I', 'complex.h', '-i', code])
  t.is(withHeader.stdout, 'none 7\n', withHeader.stderr)
  t.is((await run(['-I', 'complex.h', '-i', code], NO_NODE)).stdout, 'none 7\n')
})

test('never stale: after the source is edited (same size, mtime put back)', async (t) => {
  const dir = project({'edit.c': printer('"one"')})
  const env = scriptEnv()
  t.is((await tckRun(['run', 'edit.c'], {cwd: dir, env})).stdout, 'one\n')
  const before = statSync(join(dir, 'edit.c'))
  writeFileSync(join(dir, 'edit.c'), printer('"two"'))
  utimesSync(join(dir, 'edit.c'), before.atime, before.mtime)
  const edited = await tckRun(['run', 'edit.c'], {cwd: dir, env: {...env, TCK_DEBUG: '1'}})
  t.is(edited.stdout, 'two\n')
  t.true(edited.stderr.includes('tck:debug launcher: a file changed'), edited.stderr)
  t.is((await tckRun(['run', 'edit.c'], {cwd: dir, env: {...env, ...NO_NODE}})).stdout, 'two\n')
})

const wrapper = (version: number) =>
  `#!/bin/sh\n# a gcc that says it is version 99.${version}\n` +
  `if [ "$1" = -v ]; then echo "gcc version 99.${version}.0 (wrapper)" >&2; echo "Target: x86_64-linux-gnu" >&2; exit 0; fi\n` +
  `exec gcc -DWRAPPED=${version} "$@"\n`

test('never stale: after the compiler\'s identity changes (--compiler wrapper, and one on PATH)', async (t) => {
  const dir = project({'which.c': numberPrinter('WRAPPED')})
  const bin = join(dir, 'bin')
  mkdirSync(bin)
  writeFileSync(join(bin, 'mycc'), wrapper(1), {mode: 0o755})
  const env = scriptEnv()
  env.PATH = `${bin}:${env.PATH}`
  const run = (extra: NodeJS.ProcessEnv = {}) => tckRun(['run', '--compiler', 'mycc', 'which.c'], {cwd: dir, env: {...env, ...extra}})
  t.is((await run()).stdout, '1\n')
  t.is((await run(NO_NODE)).stdout, '1\n')
  writeFileSync(join(bin, 'mycc'), wrapper(2), {mode: 0o755})
  t.is((await run()).stdout, '2\n')
  // Another mycc earlier on PATH is another compiler.
  const other = join(dir, 'other')
  mkdirSync(other)
  writeFileSync(join(other, 'mycc'), wrapper(3), {mode: 0o755})
  t.is((await run({PATH: `${other}:${env.PATH}`})).stdout, '3\n')
})

test('never stale: after the compiler behind an unchanged wrapper is upgraded (its cc1 changes)', async (t) => {
  const dir = project({'behind.c': numberPrinter('WRAPPED')})
  const libexec = join(dir, 'libexec')
  mkdirSync(libexec)
  writeFileSync(join(libexec, 'cc1'), '4')
  // Like ccache: the wrapper never changes; what it runs does. Its version comes from "cc1".
  const script =
    `#!/bin/sh\nv=$(cat ${libexec}/cc1)\n` +
    `if [ "$1" = -v ]; then echo "COLLECT_LTO_WRAPPER=${libexec}/lto-wrapper" >&2; echo "Target: x86_64-linux-gnu" >&2; echo "gcc version 99.$v.0" >&2; exit 0; fi\n` +
    `exec gcc -DWRAPPED=$v "$@"\n`
  writeFileSync(join(dir, 'wrapcc'), script, {mode: 0o755})
  const env = scriptEnv()
  const run = (extra: NodeJS.ProcessEnv = {}) => tckRun(['run', '--compiler', './wrapcc', 'behind.c'], {cwd: dir, env: {...env, ...extra}})
  t.is((await run()).stdout, '4\n')
  t.is((await run(NO_NODE)).stdout, '4\n')
  writeFileSync(join(libexec, 'cc1'), '5')
  t.is((await run()).stdout, '5\n')
})

test('never stale: after the params expansion changes (a .pc file edited, PKG_CONFIG_PATH changed)', async (t) => {
  const pc = (value: number) => `Name: tcktest\nDescription: test package\nVersion: 1.${value}\nCflags: -DPC_VALUE=${value}\nLibs:\n`
  const dir = project({'pc.c': `#define TCK_PARAMS "$(pkg-config --cflags tcktest)"\n${numberPrinter('PC_VALUE')}`})
  mkdirSync(join(dir, 'pc1'))
  mkdirSync(join(dir, 'pc2'))
  writeFileSync(join(dir, 'pc1', 'tcktest.pc'), pc(1))
  writeFileSync(join(dir, 'pc2', 'tcktest.pc'), pc(7))
  const env = scriptEnv({PKG_CONFIG_PATH: join(dir, 'pc1')})
  const run = (extra: NodeJS.ProcessEnv = {}) => tckRun(['run', 'pc.c'], {cwd: dir, env: {...env, ...extra}})
  t.is((await run()).stdout, '1\n')
  t.is((await run(NO_NODE)).stdout, '1\n')
  writeFileSync(join(dir, 'pc1', 'tcktest.pc'), pc(2))
  t.is((await run()).stdout, '2\n')
  t.is((await run({PKG_CONFIG_PATH: join(dir, 'pc2')})).stdout, '7\n')
})

test('never stale: after a config file appears or changes', async (t) => {
  const dir = project({'cfg.c': `#ifndef FROM_CONFIG\n#define FROM_CONFIG 0\n#endif\n${numberPrinter('FROM_CONFIG')}`})
  const env = scriptEnv()
  t.is((await tckRun(['run', 'cfg.c'], {cwd: dir, env})).stdout, '0\n')
  writeFileSync(join(dir, 'tck.config.json'), JSON.stringify({run: {flags: ['-DFROM_CONFIG=5']}}))
  t.is((await tckRun(['run', 'cfg.c'], {cwd: dir, env})).stdout, '5\n')
  writeFileSync(join(dir, 'tck.config.json'), JSON.stringify({run: {flags: ['-DFROM_CONFIG=6']}}))
  t.is((await tckRun(['run', 'cfg.c'], {cwd: dir, env})).stdout, '6\n')
  t.is((await tckRun(['run', 'cfg.c'], {cwd: dir, env: {...env, ...NO_NODE}})).stdout, '6\n')
})

test('never stale: after a local header the script includes changes', async (t) => {
  const dir = project({'inc.c': `#include "lib/value.h"\n${numberPrinter('VALUE')}`})
  mkdirSync(join(dir, 'lib'))
  writeFileSync(join(dir, 'lib', 'value.h'), '#define VALUE 1\n')
  const env = scriptEnv()
  const run = (extra: NodeJS.ProcessEnv = {}) => tckRun(['run', 'inc.c'], {cwd: dir, env: {...env, ...extra}})
  const first = await run()
  t.is(first.stdout, '1\n', first.stderr)
  t.is((await run(NO_NODE)).stdout, '1\n')
  writeFileSync(join(dir, 'lib', 'value.h'), '#define VALUE 2\n')
  t.is((await run()).stdout, '2\n')
  t.is((await run(NO_NODE)).stdout, '2\n')
  // Back to the first header: the first binary is found again by content, without compiling.
  writeFileSync(join(dir, 'lib', 'value.h'), '#define VALUE 1\n')
  t.is((await tckRun(['run', '--dry-run', '--json', 'inc.c'], {cwd: dir, env})).stdout.includes('"cached": true'), true)
})

test('a config run.cacheDir holds the binaries; the launcher still finds them', async (t) => {
  const dir = project({'where.c': printer('"here"'), 'tck.config.json': JSON.stringify({run: {cacheDir: 'script-cache'}})})
  const env = scriptEnv()
  t.is((await tckRun(['run', 'where.c'], {cwd: dir, env})).stdout, 'here\n')
  t.is(readdirSync(join(dir, 'script-cache', 'bin')).length, 1)
  t.is((await tckRun(['run', 'where.c'], {cwd: dir, env: {...env, ...NO_NODE}})).stdout, 'here\n')
  await tckRun(['run', '--clean'], {cwd: dir, env})
  t.false(existsSync(join(dir, 'script-cache', 'bin')))
  t.is((await tckRun(['run', 'where.c'], {cwd: dir, env})).stdout, 'here\n')
})

test('any other command or flag goes to Node', async (t) => {
  const env = scriptEnv()
  // Through a symlink, as npm installs the bin (node_modules/.bin/tck -> ../tck/bin/tck).
  const links = tempDir('tck-bin-')
  symlinkSync(launcher, join(links, 'tck'))
  const version = await exec(join(links, 'tck'), ['--version'], {cwd: tempDir(), env})
  t.regex(version.stdout, /^tck\/\d+\.\d+\.\d+ /, version.stderr)
  const help = await tckRun(['run', '--help'], {cwd: tempDir(), env})
  t.true(help.stdout.includes('--dry-run'), help.stderr)
})
