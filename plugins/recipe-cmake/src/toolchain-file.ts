/**
 * The CMake toolchain file tck writes for a project: compilers, target and sysroot, linker,
 * standard library, sanitizers, the user's flags and the compiler launcher. Everything is an
 * `_INIT` value or a compiler setting, so `cmake --preset tck` gets exactly what `tck build` gets.
 * CMake 3.25 has no CMAKE_LINKER_TYPE: the linker is chosen with `-fuse-ld=`.
 */
import type {TckApi} from 'tck'
import type {CMakeSettings} from './settings.js'
import {cpuOf, hostTriple, type ResolvedToolchain} from './toolchain.js'

export interface ToolchainFileInput {
  toolchain: ResolvedToolchain
  settings: CMakeSettings
  /** The launcher program (ccache, sccache), when one is used. */
  launcher?: string
  /** How target programs run here (qemu-user), for a cross build. */
  emulator?: string[]
  /** Files included at the end (a package manager's toolchain, conan_toolchain.cmake). */
  includes?: string[]
}

/** A CMake string literal. */
export const quote = (value: string) => `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`
/** A CMake list as one string literal. */
const list = (values: string[]) => quote(values.map((value) => value.replace(/;/g, '\\;')).join(';'))

function configError(api: TckApi, key: string, message: string, hint: string): Error {
  return new api.TckError('CONFIG_INVALID', `plugins.cmake.${key}: ${message}`, {hint})
}

/** Flags for every compile and for every link, from the linker, stdlib and sanitizer settings. */
export function derivedFlags(api: TckApi, toolchain: ResolvedToolchain, settings: CMakeSettings) {
  const compile: string[] = []
  const cxxOnly: string[] = []
  const link: string[] = []
  if (settings.stdlib !== 'default') {
    if (toolchain.family !== 'clang') {
      if (settings.stdlib === 'libc++') {
        throw configError(api, 'stdlib', `libc++ needs clang, and the toolchain is ${toolchain.family} ${toolchain.version}`, "Use toolchain: 'system:clang' (or an LLVM toolchain), or stdlib: 'libstdc++'.")
      }
    } else {
      cxxOnly.push(`-stdlib=${settings.stdlib}`)
      link.push(`-stdlib=${settings.stdlib}`)
    }
  }
  const sanitizers = [...new Set(settings.sanitizers)]
  if (sanitizers.length > 0) {
    if (sanitizers.includes('memory') && toolchain.family !== 'clang') throw configError(api, 'sanitizers', 'memory is a clang sanitizer', "Use toolchain: 'system:clang', or drop 'memory'.")
    const clash = [['address', 'thread'], ['address', 'memory'], ['thread', 'memory']].find(([a, b]) => sanitizers.includes(a as never) && sanitizers.includes(b as never))
    if (clash) throw configError(api, 'sanitizers', `${clash[0]} and ${clash[1]} cannot be combined in one build`, 'Keep one of them; build the other in a second project configuration.')
    compile.push(`-fsanitize=${sanitizers.join(',')}`, '-fno-omit-frame-pointer')
    link.push(`-fsanitize=${sanitizers.join(',')}`)
  }
  if (settings.linker !== 'default') link.push(`-fuse-ld=${settings.linker}`)
  return {c: [...compile, ...settings.flags.c], cxx: [...compile, ...cxxOnly, ...settings.flags.cxx], link: [...link, ...settings.flags.link]}
}

export function renderToolchainFile(api: TckApi, input: ToolchainFileInput): string {
  const {toolchain, settings} = input
  const flags = derivedFlags(api, toolchain, settings)
  const cross = cpuOf(toolchain.target) !== cpuOf(hostTriple(api))
  const sysroot = settings.sysroot ?? toolchain.sysroot
  const lines = [
    '# Written by tck (recipe-cmake) from tck.config plugins.cmake; tck rewrites it, so edit the config instead.',
    `# toolchain ${toolchain.spec}: ${toolchain.family} ${toolchain.version} from ${toolchain.source}, target ${toolchain.target}`,
    'include_guard(GLOBAL)',
  ]
  if (cross) {
    lines.push('set(CMAKE_SYSTEM_NAME Linux)', `set(CMAKE_SYSTEM_PROCESSOR ${cpuOf(toolchain.target)})`)
  }
  if (toolchain.c) lines.push(`set(CMAKE_C_COMPILER ${list(toolchain.c)})`)
  if (toolchain.cxx) lines.push(`set(CMAKE_CXX_COMPILER ${list(toolchain.cxx)})`)
  if (toolchain.family === 'clang' && cross) {
    lines.push(`set(CMAKE_C_COMPILER_TARGET ${quote(toolchain.target)})`, `set(CMAKE_CXX_COMPILER_TARGET ${quote(toolchain.target)})`)
  }
  if (sysroot) lines.push(`set(CMAKE_SYSROOT ${quote(sysroot)})`)
  if (cross) {
    // Programs of the build machine, libraries and headers of the target.
    lines.push(
      'set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)',
      'set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)',
      'set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)',
      'set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)',
    )
  }
  if (input.emulator) lines.push(`set(CMAKE_CROSSCOMPILING_EMULATOR ${list(input.emulator)})`)
  const c = [...toolchain.flags.c.filter((flag) => !flag.startsWith('--target=') || toolchain.family !== 'clang' || !cross), ...flags.c]
  const cxx = [...toolchain.flags.cxx.filter((flag) => !flag.startsWith('--target=') || toolchain.family !== 'clang' || !cross), ...flags.cxx]
  if (c.length > 0) lines.push(`set(CMAKE_C_FLAGS_INIT ${quote(c.join(' '))})`)
  if (cxx.length > 0) lines.push(`set(CMAKE_CXX_FLAGS_INIT ${quote(cxx.join(' '))})`)
  if (flags.link.length > 0) {
    for (const kind of ['EXE', 'SHARED', 'MODULE']) lines.push(`set(CMAKE_${kind}_LINKER_FLAGS_INIT ${quote(flags.link.join(' '))})`)
  }
  if (input.launcher) {
    // Not in CMake's compiler checks: they need no cache, and a launcher there would start with the configure's environment (sccache's server).
    lines.push(
      'get_property(_tck_in_try_compile GLOBAL PROPERTY IN_TRY_COMPILE)',
      'if(NOT _tck_in_try_compile)',
      `  set(CMAKE_C_COMPILER_LAUNCHER ${quote(input.launcher)})`,
      `  set(CMAKE_CXX_COMPILER_LAUNCHER ${quote(input.launcher)})`,
      'endif()',
    )
  }
  for (const file of input.includes ?? []) lines.push(`include(${quote(file)})`)
  return `${lines.join('\n')}\n`
}
