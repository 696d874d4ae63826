/**
 * Where vcpkg lives: $VCPKG_ROOT (vcpkg's own convention), else the root the tool reports
 * (`vcpkg z-print-config`), else the directory of the vcpkg program. The root must hold
 * scripts/buildsystems/vcpkg.cmake, the toolchain file CMake loads.
 */
import {execFile} from 'node:child_process'
import {existsSync, realpathSync} from 'node:fs'
import {dirname, join} from 'node:path'

export const toolchainOf = (root: string) => join(root, 'scripts', 'buildsystems', 'vcpkg.cmake')

function reported(vcpkg: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(vcpkg, ['z-print-config'], {encoding: 'utf8', timeout: 30_000}, (error, stdout) => {
      if (error) return resolve(undefined)
      try {
        resolve((JSON.parse(stdout) as {'vcpkg-root'?: string})['vcpkg-root'])
      } catch {
        resolve(undefined)
      }
    })
  })
}

const isRoot = (dir: string | undefined): dir is string => Boolean(dir) && existsSync(toolchainOf(dir!))

/** Asks the tool (a process) only when $VCPKG_ROOT does not say. */
export async function vcpkgRoot(vcpkg: string): Promise<string | undefined> {
  if (isRoot(process.env.VCPKG_ROOT)) return process.env.VCPKG_ROOT
  const fromTool = await reported(vcpkg)
  if (isRoot(fromTool)) return fromTool
  const beside = dirname(realpathSync(vcpkg))
  return isRoot(beside) ? beside : undefined
}

const TRIPLET_ARCH: Record<string, string> = {x86_64: 'x64', aarch64: 'arm64', arm: 'arm', i686: 'x86', riscv64: 'riscv64', powerpc64le: 'ppc64le', s390x: 's390x'}

/** vcpkg's architecture for a GNU triple's CPU. */
export const tripletArch = (target: string) => TRIPLET_ARCH[target.split('-')[0]] ?? target.split('-')[0]

/**
 * An overlay triplet: vcpkg's `<arch>-linux` (static libraries, dynamic CRT) with tck's toolchain
 * chain-loaded, so the ports are built with the project's compiler and flags.
 */
export function renderTriplet(target: string, toolchainFile: string): string {
  return [
    '# Written by tck (pm-vcpkg): vcpkg\'s <arch>-linux, with the project\'s toolchain file chain-loaded.',
    `set(VCPKG_TARGET_ARCHITECTURE ${tripletArch(target)})`,
    'set(VCPKG_CRT_LINKAGE dynamic)',
    'set(VCPKG_LIBRARY_LINKAGE static)',
    'set(VCPKG_CMAKE_SYSTEM_NAME Linux)',
    `set(VCPKG_CHAINLOAD_TOOLCHAIN_FILE "${toolchainFile}")`,
    '',
  ].join('\n')
}
