/**
 * From `plugins.cmake.toolchain` to compilers: a system compiler (`system`, `system:gcc`,
 * `system:clang`) or a toolchain tck installs once per machine (`llvm@18`, `npm:…`). An installed
 * one is found before any source is asked, so a build of a configured project makes no request.
 */
import {execFile} from 'node:child_process'
import {basename, dirname, join} from 'node:path'
import type {InstalledToolchain, PluginRegistries, TckApi} from 'tck'
import type {CMakeSettings} from './settings.js'

export type Family = 'gcc' | 'clang' | 'other'

export interface ResolvedToolchain {
  /** Names the generated toolchain file: `gcc-12.2.0-x86_64-linux-gnu`. */
  id: string
  spec: string
  source: string
  family: Family
  version: string
  /** The triple the compilers produce. */
  target: string
  /** Program and leading arguments (`zig`, `cc`), as CMAKE_<LANG>_COMPILER lists. */
  c?: string[]
  cxx?: string[]
  /** Flags every compile of the toolchain needs (a relocated toolchain's --sysroot). */
  flags: {c: string[]; cxx: string[]}
  sysroot?: string
  /** The installed toolchain's key and root (not for system compilers). */
  key?: string
  root?: string
}

export const hostTriple = (api: TckApi) => `${api.toolchains.gnuCpu(api.toolchains.platform().arch)}-linux-gnu`
export const cpuOf = (triple: string) => triple.split('-')[0]

function familyOf(program: string): Family {
  const name = basename(program)
  if (/clang|zig/.test(name)) return 'clang'
  if (/gcc|g\+\+|\bcc$/.test(name)) return 'gcc'
  return 'other'
}

function safeId(parts: string[]): string {
  return parts.join('-').replace(/[^A-Za-z0-9._+-]/g, '_')
}

async function fromSystem(api: TckApi, settings: CMakeSettings, family?: string): Promise<ResolvedToolchain> {
  const all = await api.toolchains.systemToolchains()
  const wanted = settings.target
  const candidates = all.filter((found) => (!family || found.family === family) && found.family !== 'tcc')
  const pick = (target?: string) =>
    candidates
      .filter((found) => cpuOf(found.target) === cpuOf(target ?? hostTriple(api)))
      .sort((a, b) => Number(Boolean(b.cxx)) - Number(Boolean(a.cxx)) || (a.family === 'gcc' ? -1 : 1) - (b.family === 'gcc' ? -1 : 1) || api.toolchains.compareVersions(b.version, a.version))[0]
  // clang targets any CPU with --target; gcc needs a cross compiler of its own.
  const found = pick(wanted) ?? (wanted ? candidates.find((c) => c.family === 'clang' && cpuOf(c.target) === cpuOf(hostTriple(api))) : undefined)
  if (!found) {
    throw new api.TckError('TOOLCHAIN_NOT_FOUND', `no ${family ?? 'gcc or clang'} compiler${wanted ? ` for ${wanted}` : ''} on this machine (plugins.cmake.toolchain: "${settings.toolchain}")`, {
      hint: `Install one (apt-get install ${family === 'clang' ? 'clang' : 'g++'}), or let tck install a pinned one: plugins: {cmake: {toolchain: 'llvm@18'}}.`,
    })
  }
  const target = wanted ?? found.target
  const targetFlag = found.family === 'clang' && wanted && cpuOf(found.target) !== cpuOf(wanted) ? [`--target=${wanted}`] : []
  return {
    id: safeId([found.family, found.version, target]),
    spec: settings.toolchain,
    source: 'system',
    family: found.family as Family,
    version: found.version,
    target,
    c: [found.c],
    cxx: found.cxx ? [found.cxx] : undefined,
    flags: {c: targetFlag, cxx: targetFlag},
  }
}

function fromInstalled(api: TckApi, record: InstalledToolchain, settings: CMakeSettings): ResolvedToolchain {
  const target = settings.target ?? record.layout.target ?? hostTriple(api)
  const wantsFlag = settings.target !== undefined && settings.target !== record.layout.target
  const command = (language: 'c' | 'cxx') => api.toolchains.compilerCommand(record, language, wantsFlag ? settings.target : undefined)
  const [c, cxx] = [command('c'), command('cxx')]
  // The program with its leading arguments is the compiler; what follows are flags (--sysroot, --target=).
  const split = (argv: string[] | undefined, language: 'c' | 'cxx') => {
    if (!argv) return {program: undefined, flags: []}
    const leading = record.layout.compilers[language]?.length ?? 1
    return {program: argv.slice(0, leading), flags: argv.slice(leading)}
  }
  const cParts = split(c, 'c')
  const cxxParts = split(cxx, 'cxx')
  const family = familyOf((cxx ?? c ?? [''])[0])
  return {
    id: safeId([record.name, record.version, target]),
    spec: settings.toolchain,
    source: record.source,
    family,
    version: record.version,
    target,
    c: cParts.program,
    cxx: cxxParts.program,
    flags: {c: cParts.flags, cxx: cxxParts.flags},
    sysroot: record.layout.sysroot ? join(record.root, record.layout.sysroot) : undefined,
    key: record.key,
    root: record.root,
  }
}

/** Resolves the configured toolchain, installing a pinned one on first use. */
export async function resolveToolchain(api: TckApi, registries: PluginRegistries, settings: CMakeSettings, project: string): Promise<ResolvedToolchain> {
  const spec = settings.toolchain
  if (spec === 'system' || spec.startsWith('system:')) return fromSystem(api, settings, spec === 'system' ? undefined : spec.slice('system:'.length))
  const installed = await api.toolchains.findInstalled(spec)
  const record = installed ?? (await api.toolchains.install(registries, spec, {project})).toolchain
  const resolved = fromInstalled(api, record, settings)
  if (!resolved.cxx && !resolved.c) {
    throw new api.TckError('TOOLCHAIN_INVALID', `${record.name} ${record.version} has no C or C++ compiler`, {hint: 'Pick another plugins.cmake.toolchain.'})
  }
  return {...resolved, family: resolved.family === 'other' ? await probeFamily((resolved.cxx ?? resolved.c)!) : resolved.family}
}

/** A compiler whose name says nothing (`cc`) tells by its --version. */
function probeFamily(argv: string[]): Promise<Family> {
  return new Promise((resolve) => {
    execFile(argv[0], [...argv.slice(1), '--version'], {encoding: 'utf8', timeout: 10_000}, (_error, stdout) => {
      resolve(/clang/i.test(stdout ?? '') ? 'clang' : /gcc|g\+\+|Free Software Foundation/.test(stdout ?? '') ? 'gcc' : 'other')
    })
  })
}

/** Where a target's shared C++ runtime lives, when the compiler keeps it outside the sysroot (crosstool-ng's lib64). */
export function runtimeLibraryDir(toolchain: ResolvedToolchain): Promise<string | undefined> {
  const compiler = toolchain.cxx ?? toolchain.c
  if (!compiler) return Promise.resolve(undefined)
  return new Promise((resolve) => {
    execFile(compiler[0], [...compiler.slice(1), ...toolchain.flags.cxx, '-print-file-name=libstdc++.so'], {encoding: 'utf8', timeout: 10_000}, (error, stdout) => {
      const file = stdout?.trim()
      resolve(!error && file && file.includes('/') ? dirname(file) : undefined)
    })
  })
}
