/**
 * System toolchains: gcc, clang and tcc found on PATH and in the usual places (/usr/bin,
 * /usr/local/bin, /usr/lib/llvm-N/bin, /opt/<name>/bin), including versioned (gcc-12, clang-14)
 * and cross (aarch64-linux-gnu-gcc) ones, each with its version and target.
 */
import {readdirSync, realpathSync, statSync} from 'node:fs'
import {delimiter, join} from 'node:path'
import {gnuCpu, hostPlatform} from '../io/platform.js'
import {run} from '../io/tools.js'
import {compareVersions} from './version.js'

export type CompilerFamily = 'gcc' | 'clang' | 'tcc'

export interface SystemToolchain {
  family: CompilerFamily
  version: string
  target: string
  /** Absolute path of the C compiler as found (not resolved, so `gcc-12` stays `gcc-12`). */
  c: string
  cxx?: string
}

const COMPILER = /^((?:[a-z0-9_]+-)+)?(gcc|clang|tcc)(-\d+(?:\.\d+)*)?$/

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

async function identify(family: CompilerFamily, path: string): Promise<{version: string; target: string} | undefined> {
  if (family === 'tcc') {
    const {stdout, stderr} = await run(path, ['-v'])
    const match = /tcc version (\d+(?:\.\d+)+)\s*\(([^ )]+)[^)]*\)/.exec(`${stdout}${stderr}`)
    return match ? {version: match[1], target: `${match[2]}-linux-gnu`} : undefined
  }
  const [version, machine] = await Promise.all([
    run(path, family === 'gcc' ? ['-dumpfullversion', '-dumpversion'] : ['--version']),
    run(path, ['-dumpmachine']),
  ])
  const number = family === 'gcc' ? version.stdout.trim() : /clang version (\d+(?:\.\d+)+)/.exec(version.stdout)?.[1]
  if (version.code !== 0 || !number || machine.code !== 0) return undefined
  return {version: number, target: machine.stdout.trim()}
}

function isExecutableFile(path: string): boolean {
  try {
    const info = statSync(path)
    return info.isFile() && (info.mode & 0o111) !== 0
  } catch {
    return false
  }
}

let detected: Promise<SystemToolchain[]> | undefined

export function detectSystemToolchains(): Promise<SystemToolchain[]> {
  detected ??= (async () => {
    const seen = new Set<string>()
    const found: Array<Promise<SystemToolchain | undefined>> = []
    for (const dir of standardDirs()) {
      let names: string[]
      try {
        names = readdirSync(dir)
      } catch {
        continue
      }
      for (const name of names.sort()) {
        const match = COMPILER.exec(name)
        const path = join(dir, name)
        // c89-gcc and c99-gcc are POSIX wrapper scripts around gcc, not toolchains of their own.
        if (!match || match[1] === 'c89-' || match[1] === 'c99-' || !isExecutableFile(path)) continue
        const real = realpathSync(path)
        if (seen.has(real)) continue
        seen.add(real)
        const family = match[2] as CompilerFamily
        const [prefix = '', suffix = ''] = [match[1], match[3]]
        const cxxName = family === 'gcc' ? `${prefix}g++${suffix}` : family === 'clang' ? `${prefix}clang++${suffix}` : undefined
        const cxx = cxxName && isExecutableFile(join(dir, cxxName)) ? join(dir, cxxName) : undefined
        found.push(identify(family, path).then((identity) => (identity ? {family, ...identity, c: path, cxx} : undefined)))
      }
    }
    return (await Promise.all(found)).filter((toolchain): toolchain is SystemToolchain => toolchain !== undefined)
  })()
  return detected
}

const familyPreference: CompilerFamily[] = ['gcc', 'clang', 'tcc']

/**
 * The best system toolchain for a target (default: this machine): one that targets it, then one
 * with a C++ compiler, then gcc before clang before tcc (gcc is the reference compiler of a Linux
 * distribution: its headers and libraries are what the system was built with), then the newest.
 */
export function bestSystemToolchain(toolchains: SystemToolchain[], options: {target?: string; cxx?: boolean} = {}): SystemToolchain | undefined {
  const cpu = options.target?.split('-')[0] ?? gnuCpu(hostPlatform().arch)
  return toolchains
    .filter((toolchain) => toolchain.target.split('-')[0] === cpu && (!options.target || toolchain.target.includes(options.target.split('-').slice(1).join('-'))))
    .filter((toolchain) => !options.cxx || toolchain.cxx)
    .sort((a, b) =>
      Number(Boolean(b.cxx)) - Number(Boolean(a.cxx)) ||
      familyPreference.indexOf(a.family) - familyPreference.indexOf(b.family) ||
      compareVersions(b.version, a.version),
    )[0]
}
