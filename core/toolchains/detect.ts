/**
 * System toolchains: the compilers on PATH and in the usual places (/usr/bin, /usr/local/bin,
 * /usr/lib/llvm-N/bin, /opt/<name>/bin), versioned (gcc-12, clang-14) and cross
 * (aarch64-linux-gnu-gcc) ones included, each identified by the compiler plugin that answers to
 * its name — the host knows no compiler itself.
 */
import {readdirSync, realpathSync, statSync} from 'node:fs'
import {delimiter, join} from 'node:path'
import type {Compiler} from '../contracts/compiler.js'
import {gnuCpu, hostPlatform} from '../io/platform.js'
import {compilersNamed} from '../engine/tools.js'
import {compareVersions} from './version.js'

export interface SystemToolchain {
  /** The compiler plugin's name: gcc, clang, tcc, ... */
  family: string
  version: string
  target: string
  /** Absolute path of the C compiler as found (not resolved, so `gcc-12` stays `gcc-12`). */
  c: string
  cxx?: string
}

function standardDirs(): string[] {
  const dirs = (process.env.PATH ?? '').split(delimiter).filter(Boolean)
  dirs.push('/usr/local/bin', '/usr/bin')
  const list = (dir: string) => {
    try {
      return readdirSync(dir)
    } catch {
      return []
    }
  }
  for (const name of list('/usr/lib').filter((entry) => /^llvm-\d+$/.test(entry))) dirs.push(`/usr/lib/${name}/bin`)
  for (const name of list('/opt')) dirs.push(`/opt/${name}/bin`)
  return [...new Set(dirs)]
}

function isExecutableFile(path: string): boolean {
  try {
    const info = statSync(path)
    return info.isFile() && (info.mode & 0o111) !== 0
  } catch {
    return false
  }
}

/** The compiler plugins of this process's host, which registers them once (see host.ts). */
let hostCompilers: () => Compiler[] = () => []

export function useHostCompilers(compilers: () => Compiler[]): void {
  hostCompilers = compilers
}

/** Every C compiler a plugin recognises, once per real file; its C++ driver when the plugin pairs one. */
export async function detectSystemToolchains(compilers: Compiler[] = hostCompilers()): Promise<SystemToolchain[]> {
  const seen = new Set<string>()
  const found: Array<Promise<SystemToolchain | undefined>> = []
  for (const dir of standardDirs()) {
    let names: string[]
    try {
      names = readdirSync(dir)
    } catch {
      continue
    }
    // A compiler by its own name (gcc) before its aliases (cc) that resolve to the same file.
    const ownName = (name: string) => (compilers.some((compiler) => name.includes(compiler.name)) ? 0 : 1)
    for (const name of names.sort((a, b) => ownName(a) - ownName(b) || a.localeCompare(b))) {
      const path = join(dir, name)
      // c89-gcc and c99-gcc are POSIX wrapper scripts around gcc, not toolchains of their own.
      if (/^c(89|99)-/.test(name) || !isExecutableFile(path)) continue
      const real = realpathSync(path)
      for (const compiler of compilersNamed(compilers, name, name)) {
        // A C++ driver (g++) is found through its C driver; a plugin without pairs has only C drivers.
        const cxxName = compiler.cxxOf?.(name)
        if (compiler.cxxOf && cxxName === undefined) continue
        if (seen.has(real)) break
        seen.add(real)
        const cxx = cxxName && isExecutableFile(join(dir, cxxName)) ? join(dir, cxxName) : undefined
        found.push(compiler.detect(path).then((identity) => identity && {family: compiler.name, version: identity.version, target: identity.target, c: path, cxx}, () => undefined))
        break
      }
    }
  }
  return (await Promise.all(found)).filter((toolchain): toolchain is SystemToolchain => toolchain !== undefined)
}

const familyPreference = ['gcc', 'clang', 'tcc']

/**
 * The best system toolchain for a target (default: this machine): one that targets it, then one
 * with a C++ compiler, then gcc before clang before tcc (gcc is the reference compiler of a Linux
 * distribution: its headers and libraries are what the system was built with), then the newest.
 */
const rank = (family: string) => (familyPreference.includes(family) ? familyPreference.indexOf(family) : familyPreference.length)

export function bestSystemToolchain(toolchains: SystemToolchain[], options: {target?: string; cxx?: boolean} = {}): SystemToolchain | undefined {
  const cpu = options.target?.split('-')[0] ?? gnuCpu(hostPlatform().arch)
  return toolchains
    .filter((toolchain) => toolchain.target.split('-')[0] === cpu && (!options.target || toolchain.target.includes(options.target.split('-').slice(1).join('-'))))
    .filter((toolchain) => !options.cxx || toolchain.cxx)
    .sort((a, b) =>
      Number(Boolean(b.cxx)) - Number(Boolean(a.cxx)) ||
      rank(a.family) - rank(b.family) ||
      compareVersions(b.version, a.version),
    )[0]
}
