/**
 * recipe-cmake's findings for `tck doctor`: CMake and a backend on this machine, and in a CMake
 * project its settings, toolchain (installed yet?), launcher, linker, package managers, and
 * whether the next build reconfigures.
 */
import {execFileSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import type {BuildContext, DoctorFinding, PluginRegistries, TckApi} from 'tck'
import {readSettings} from './settings.js'
import {readState} from './state.js'

const MIN_CMAKE = '3.21'

function cmakeVersion(path: string): string | undefined {
  try {
    return /cmake version (\d+\.\d+(?:\.\d+)?)/.exec(execFileSync(path, ['--version'], {encoding: 'utf8', timeout: 10_000}))?.[1]
  } catch {
    return undefined
  }
}

export async function doctorFindings(api: TckApi, registries: PluginRegistries, build: BuildContext): Promise<DoctorFinding[]> {
  const findings: DoctorFinding[] = []
  const cmake = api.which('cmake')
  const version = cmake && cmakeVersion(cmake)
  findings.push(
    !cmake ? {name: 'cmake', ok: false, detail: 'not on PATH: apt-get install cmake'}
    : !version || api.toolchains.compareVersions(version, MIN_CMAKE) < 0 ? {name: 'cmake', ok: false, detail: `${version ?? 'unknown version'} at ${cmake}: presets with toolchainFile need ${MIN_CMAKE} or newer`}
    : {name: 'cmake', ok: true, detail: `${version} at ${cmake}`},
  )
  const ninja = api.which('ninja')
  const make = api.which('make')
  findings.push({name: 'backend', ok: Boolean(ninja ?? make), detail: ninja ? `Ninja (${ninja})` : make ? `Make (${make}); Ninja is faster: apt-get install ninja-build` : 'neither ninja nor make: apt-get install ninja-build'})
  if (!existsSync(join(build.root, 'CMakeLists.txt'))) {
    findings.push({name: 'project', ok: true, detail: `${build.root} has no CMakeLists.txt (nothing more to check)`})
    return findings
  }
  const settings = readSettings(api, build)
  const spec = settings.toolchain
  if (spec === 'system' || spec.startsWith('system:')) {
    const family = spec === 'system' ? undefined : spec.slice(7)
    const found = (await api.toolchains.systemToolchains()).filter((item) => (!family || item.family === family) && item.cxx && item.family !== 'tcc')
    findings.push({name: 'toolchain', ok: found.length > 0, detail: found.length > 0 ? `${spec}: ${found.map((item) => `${item.family} ${item.version} (${item.target})`).join(', ')}` : `${spec}: no C++ compiler found (apt-get install g++)`})
  } else {
    const installed = await api.toolchains.findInstalled(spec)
    findings.push({name: 'toolchain', ok: true, detail: installed ? `${spec}: ${installed.name} ${installed.version} installed in ${installed.root}` : `${spec}: not installed yet; tck configure installs it`})
  }
  if (settings.launcher !== 'none') {
    const launcher = settings.launcher === 'auto' ? (api.which('ccache') ? 'ccache' : api.which('sccache') ? 'sccache' : undefined) : api.which(settings.launcher) ? settings.launcher : undefined
    findings.push({name: 'launcher', ok: settings.launcher === 'auto' || Boolean(launcher), detail: launcher ? `${launcher} (${api.which(launcher)})` : settings.launcher === 'auto' ? 'none found: compiles are not cached (apt-get install ccache)' : `${settings.launcher} is not on PATH`})
  }
  if (settings.linker !== 'default') findings.push({name: 'linker', ok: Boolean(api.which(`ld.${settings.linker}`)), detail: api.which(`ld.${settings.linker}`) ?? `ld.${settings.linker} not on PATH`})
  for (const [manifest, manager, plugin] of [['conanfile.txt', 'conan', 'pm-conan'], ['conanfile.py', 'conan', 'pm-conan'], ['vcpkg.json', 'vcpkg', 'pm-vcpkg']]) {
    if (!existsSync(join(build.root, manifest))) continue
    const added = registries.packageManager.has(manager)
    const program = api.which(manager)
    findings.push({name: manager, ok: added && Boolean(program), detail: !added ? `${manifest} found, but ${plugin} is not added: tck plugins add ${plugin}` : program ? `${manifest} with ${program}` : `${manifest} found, but ${manager} is not on PATH`})
  }
  const {configured} = await readState(build.root)
  findings.push({
    name: 'configured',
    ok: Boolean(configured),
    detail: configured ? `${configured.buildDir} with ${configured.toolchain.family} ${configured.toolchain.version} (${configured.generator}) at ${configured.at}; \`tck configure --check\` says whether the next build reconfigures` : 'not yet: run tck configure',
  })
  return findings
}
