/**
 * A cross build: plugins.cmake.toolchain names the aarch64 GCC that tck installs from npm (GCC 4.8.5
 * with a glibc 2.17 sysroot); the toolchain file makes it a cross build with its sysroot, and ctest
 * runs the test under qemu-user through CMAKE_CROSSCOMPILING_EMULATOR.
 */
import test from 'ava'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {tck} from '../helpers/cli.js'
import {build, cmakeEnv, cmakeProject, needs, run} from './helpers.js'

test('an aarch64 cross build with a tck-installed toolchain runs its test under qemu-user', async (t) => {
  needs('qemu-aarch64-static', 'qemu-user-static')
  const dir = cmakeProject({toolchain: 'npm:gcc-aarch64-unknown-linux-gnu', launcher: 'none'})
  const env = cmakeEnv()
  const configured = await tck(['configure', '--json'], {cwd: dir, env, timeoutMs: 300_000})
  t.is(configured.code, 0, configured.stderr)
  const {toolchain, toolchainFile} = JSON.parse(configured.stdout)
  t.is(toolchain.source, 'npm')
  t.is(toolchain.target, 'aarch64-unknown-linux-gnu')
  t.true(toolchain.cxx[0].startsWith(join(env.XDG_CACHE_HOME!, 'tck', 'toolchains')), 'the compiler is the one tck installed')
  const file = readFileSync(join(dir, toolchainFile), 'utf8')
  t.regex(file, /set\(CMAKE_SYSTEM_PROCESSOR aarch64\)/)
  t.regex(file, /set\(CMAKE_CROSSCOMPILING_EMULATOR "\/usr\/bin\/qemu-aarch64-static;-L;[^"]+sysroot"\)/)

  const built = await build(dir, env)
  t.is(built.code, 0, built.stderr)
  t.regex(built.stderr, /built\s+cmake:test/)
  const log = readFileSync(join(dir, 'build/tck/Testing/Temporary/LastTest.log'), 'utf8')
  t.regex(log, /Command: "\/usr\/bin\/qemu-aarch64-static"/)
  t.regex(log, /greet_test passed on gcc 4\.8 libstdc\+\+ aarch64/)
  t.regex(run('readelf', ['-h', join(dir, 'build/tck/app/hello')]), /Machine:\s+AArch64/)
})
