/**
 * A Conan profile from tck's toolchain, so the packages are built with the compiler, standard
 * library, target and build type the project is: Conan's settings (os, arch, compiler, version,
 * libcxx, build_type) and `tools.build:compiler_executables` pointing at the same programs.
 */
import type {CMakePackagesRequest} from 'tck'

const ARCHES: Record<string, string> = {x86_64: 'x86_64', aarch64: 'armv8', arm: 'armv7', i686: 'x86', riscv64: 'riscv64', powerpc64le: 'ppc64le', s390x: 's390x'}

/** Conan names gcc 5 and later by major version, older ones by major.minor. */
function compilerVersion(family: string, version: string): string {
  const [major, minor] = version.split('.')
  return family === 'gcc' && Number(major) < 5 ? `${major}.${minor}` : major
}

function libcxx(request: Pick<CMakePackagesRequest, 'toolchain' | 'stdlib'>): string {
  if (request.stdlib === 'libc++') return 'libc++'
  const {family, version} = request.toolchain
  // The C++11 ABI of libstdc++ arrived with gcc 5.
  return family === 'gcc' && Number(version.split('.')[0]) < 5 ? 'libstdc++' : 'libstdc++11'
}

export interface ProfileMachine {
  toolchain: CMakePackagesRequest['toolchain']
  stdlib?: string
  buildType: string
  generator?: string
}

export function renderProfile(machine: ProfileMachine): string {
  const {toolchain} = machine
  const cpu = toolchain.target.split('-')[0]
  const compiler = toolchain.family === 'clang' ? 'clang' : 'gcc'
  const executables: Record<string, string> = {}
  if (toolchain.c) executables.c = toolchain.c[0]
  if (toolchain.cxx) executables.cpp = toolchain.cxx[0]
  const lines = [
    '# Written by tck (pm-conan) from the project\'s toolchain; tck rewrites it.',
    '[settings]',
    'os=Linux',
    `arch=${ARCHES[cpu] ?? cpu}`,
    `compiler=${compiler}`,
    `compiler.version=${compilerVersion(compiler, toolchain.version)}`,
    `compiler.libcxx=${libcxx(machine)}`,
    `build_type=${machine.buildType}`,
    '[conf]',
    `tools.build:compiler_executables=${JSON.stringify(executables)}`,
  ]
  if (toolchain.sysroot) lines.push(`tools.build:sysroot=${toolchain.sysroot}`)
  if (machine.generator) lines.push(`tools.cmake.cmaketoolchain:generator=${machine.generator}`)
  return `${lines.join('\n')}\n`
}
