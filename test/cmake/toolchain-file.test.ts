/**
 * The generated toolchain file and CMake's condensed errors, as text: a clang cross build sets the
 * target, sysroot, find-root modes and the emulator; flags from linker, stdlib and sanitizers land in
 * the _INIT variables; a launcher is kept out of CMake's compiler checks.
 */
import test from 'ava'
import {runtime} from '../../core/api.js'
import {cmakeErrors} from '../../plugins/recipe-cmake/src/cmake-errors.js'
import {settingsSchema} from '../../plugins/recipe-cmake/src/settings.js'
import {renderToolchainFile} from '../../plugins/recipe-cmake/src/toolchain-file.js'
import type {ResolvedToolchain} from '../../plugins/recipe-cmake/src/toolchain.js'

const clang: ResolvedToolchain = {
  id: 'clang-14.0.6-aarch64-linux-gnu', spec: 'system:clang', source: 'system', family: 'clang', version: '14.0.6', target: 'aarch64-linux-gnu',
  c: ['/usr/bin/clang'], cxx: ['/usr/bin/clang++'], flags: {c: ['--target=aarch64-linux-gnu'], cxx: ['--target=aarch64-linux-gnu']},
}

test('a clang cross build: target, sysroot, find-root modes, emulator, flags, launcher outside compiler checks, chained includes', (t) => {
  const settings = settingsSchema.parse({toolchain: 'system:clang', target: 'aarch64-linux-gnu', sysroot: '/opt/sysroot', linker: 'lld', stdlib: 'libc++', sanitizers: ['undefined'], flags: {cxx: ['-Wall']}})
  const text = renderToolchainFile(runtime, {toolchain: clang, settings, launcher: '/usr/bin/ccache', emulator: ['/usr/bin/qemu-aarch64-static', '-L', '/opt/sysroot'], includes: ['/p/build/conan/conan_toolchain.cmake']})
  const lines = text.split('\n')
  for (const line of [
    'set(CMAKE_SYSTEM_NAME Linux)',
    'set(CMAKE_SYSTEM_PROCESSOR aarch64)',
    'set(CMAKE_CXX_COMPILER "/usr/bin/clang++")',
    'set(CMAKE_CXX_COMPILER_TARGET "aarch64-linux-gnu")',
    'set(CMAKE_SYSROOT "/opt/sysroot")',
    'set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)',
    'set(CMAKE_CROSSCOMPILING_EMULATOR "/usr/bin/qemu-aarch64-static;-L;/opt/sysroot")',
    'set(CMAKE_CXX_FLAGS_INIT "-fsanitize=undefined -fno-omit-frame-pointer -stdlib=libc++ -Wall")',
    'set(CMAKE_EXE_LINKER_FLAGS_INIT "-stdlib=libc++ -fsanitize=undefined -fuse-ld=lld")',
    'set(CMAKE_SHARED_LINKER_FLAGS_INIT "-stdlib=libc++ -fsanitize=undefined -fuse-ld=lld")',
    'get_property(_tck_in_try_compile GLOBAL PROPERTY IN_TRY_COMPILE)',
    '  set(CMAKE_CXX_COMPILER_LAUNCHER "/usr/bin/ccache")',
    'include("/p/build/conan/conan_toolchain.cmake")',
  ]) t.true(lines.includes(line), line)
  t.false(text.includes('--target=aarch64-linux-gnu'), 'the target is CMake\'s COMPILER_TARGET, not a second flag')
})

test('CMake\'s errors are condensed to one line each with file:line', (t) => {
  const stderr = [
    'CMake Error at app/CMakeLists.txt:3 (add_executable):',
    '  Cannot find source file:',
    '',
    '    missing.cpp',
    '',
    'Call Stack (most recent call first):',
    '  CMakeLists.txt:10 (add_subdirectory)',
    '',
    'CMake Error: The source directory "/nowhere" does not exist.',
  ].join('\n')
  t.deepEqual(cmakeErrors(stderr), [
    'app/CMakeLists.txt:3: error: Cannot find source file: missing.cpp (add_executable)',
    'error: The source directory "/nowhere" does not exist.',
  ])
})
