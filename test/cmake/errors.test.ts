/**
 * Bad input: CMake's own message with its file:line and tck's exit code, no stack trace; an
 * unknown linker, standard library or sanitizer, or one the toolchain cannot use, is a config
 * error naming the key; no build backend is one message saying what to install.
 */
import test from 'ava'
import {mkdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tck, tempDir} from '../helpers/cli.js'
import {build, cmakeEnv, cmakeProject, run, writeConfig} from './helpers.js'

const noStack = (text: string) => !/^\s+at .+:\d+:\d+\)?$/m.test(text)

test('a CMakeLists.txt with an error: CMake\'s message at its file:line, exit code 1, no stack trace', async (t) => {
  const dir = cmakeProject({toolchain: 'system:gcc', launcher: 'none'})
  writeFileSync(join(dir, 'app/CMakeLists.txt'), 'add_executable(hello main.cpp)\ntarget_link_libraries(hello PRIVATE greet)\nadd_executable(broken missing_file.cpp)\n')
  const env = cmakeEnv()
  for (const command of [['build', '--progress', 'none'], ['configure']]) {
    const result = await tck(command, {cwd: dir, env, timeoutMs: 120_000})
    t.is(result.code, 1, command.join(' '))
    t.regex(result.stderr, /app\/CMakeLists\.txt:3: error: Cannot find source file: missing_file\.cpp/, result.stderr)
    t.regex(result.stderr, /task "cmake:configure" exited with code 1/)
    t.true(noStack(result.stderr), result.stderr)
  }
})

for (const [key, value, pattern] of [
  ['linker', 'foo', /plugins\.cmake\.linker: .*one of: default, bfd, gold, lld, mold/],
  ['stdlib', 'libfoo', /plugins\.cmake\.stdlib: .*one of: default, libstdc\+\+, libc\+\+/],
  ['sanitizers', ['address', 'magic'], /plugins\.cmake\.sanitizers\.1: .*one of: address, undefined, thread, leak, memory/],
  ['buildDir', 7, /plugins\.cmake\.buildDir: Expected string/],
  ['toolchian', 'llvm', /plugins\.cmake: unknown key "toolchian"/],
] as const) {
  test(`an unknown ${key} is a config error naming plugins.cmake.${key}`, async (t) => {
    const dir = cmakeProject({[key]: value})
    for (const command of [['build'], ['configure'], ['query', '*']]) {
      const result = await tck(command, {cwd: dir, env: cmakeEnv()})
      t.is(result.code, 3, `${command[0]}: ${result.stderr}`)
      t.regex(result.stderr, pattern)
      t.true(noStack(result.stderr), result.stderr)
    }
  })
}

test('libc++ with gcc, and two sanitizers that do not combine, are config errors naming the key', async (t) => {
  const dir = cmakeProject({toolchain: 'system:gcc', stdlib: 'libc++'})
  const libcxx = await tck(['configure'], {cwd: dir, env: cmakeEnv()})
  t.is(libcxx.code, 3)
  t.regex(libcxx.stderr, /plugins\.cmake\.stdlib: libc\+\+ needs clang, and the toolchain is gcc/)
  writeConfig(dir, {toolchain: 'system:clang', sanitizers: ['address', 'thread']})
  const sanitizers = await tck(['configure'], {cwd: dir, env: cmakeEnv()})
  t.is(sanitizers.code, 3)
  t.regex(sanitizers.stderr, /plugins\.cmake\.sanitizers: address and thread cannot be combined/)
})

test('neither ninja nor make on PATH: one message that says what to install', async (t) => {
  const dir = cmakeProject({toolchain: 'system:gcc'})
  const bin = join(tempDir('tck-cmake-path-'), 'bin')
  mkdirSync(bin)
  for (const program of ['cmake', 'ctest', 'gcc', 'g++']) symlinkSync(run('sh', ['-c', `command -v ${program}`]).trim(), join(bin, program))
  const result = await build(dir, cmakeEnv({PATH: bin}))
  t.is(result.code, 7)
  t.regex(result.stderr, /no build backend for CMake: neither ninja nor make is on PATH/)
  t.regex(result.stderr, /apt-get install ninja-build/)
  t.true(noStack(result.stderr))
})
