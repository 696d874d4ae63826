/**
 * Preparing a CMake project for a build: settings → backend, toolchain (installed on first use),
 * launcher, emulator, package managers → the toolchain file and the `tck` presets, written only
 * when their text changes (so their mtimes, and the build, stay put). `tck configure` and the
 * recipe parser both start here; the parser reuses the toolchain resolved before.
 */
import {readFile, stat} from 'node:fs/promises'
import {join, relative} from 'node:path'
import type {BuildContext, CMakePackages, PluginRegistries, TckApi} from 'tck'
import {detectBackend, requireCMake, type Backend} from './backend.js'
import {detectLauncher, type Launcher} from './launcher.js'
import {presetEntries, writePresets, USER_PRESETS} from './presets.js'
import {readSettings, type CMakeSettings} from './settings.js'
import {readState, updateState, type ResolvedMemo} from './state.js'
import {cpuOf, hostTriple, resolveToolchain, runtimeLibraryDir, type ResolvedToolchain} from './toolchain.js'
import {renderToolchainFile} from './toolchain-file.js'

export interface PackagesPlan {
  manager: string
  plugin: string
  result: CMakePackages
}

export interface Plan {
  root: string
  settings: CMakeSettings
  /** Relative to the root, and absolute. */
  buildDir: string
  buildPath: string
  backend: Backend
  programs: {cmake: string; ctest: string}
  toolchain: ResolvedToolchain
  launcher?: Launcher
  emulator?: string[]
  /** Relative to the root. */
  toolchainFile: string
  presetsFile: string
  packages: PackagesPlan[]
  /** Variables CMake needs (a package manager's), for the configure task and in the preset. */
  env: Record<string, string>
  configurationHash: string
  notes: string[]
}

export interface PrepareOptions {
  /** Resolve the toolchain again even when state.json has it (tck configure, tck upgrade). */
  fresh?: boolean
  /** Compute everything, write nothing (tck configure --check). */
  dryRun?: boolean
}

async function stamp(path: string): Promise<string> {
  const info = await stat(path).catch(() => undefined)
  return info ? `${info.size}:${info.mtimeMs}` : 'missing'
}

async function stampsOf(toolchain: ResolvedToolchain): Promise<Record<string, string>> {
  const programs = [toolchain.c?.[0], toolchain.cxx?.[0]].filter((path): path is string => Boolean(path))
  return Object.fromEntries(await Promise.all(programs.map(async (path) => [path, await stamp(path)])))
}

async function emulatorFor(api: TckApi, toolchain: ResolvedToolchain, settings: CMakeSettings): Promise<{emulator?: string[]; note?: string}> {
  const cpu = cpuOf(toolchain.target)
  if (cpu === cpuOf(hostTriple(api)) || settings.emulator === 'none') return {}
  if (Array.isArray(settings.emulator)) return {emulator: settings.emulator}
  const qemu = api.which(`qemu-${cpu}-static`) ?? api.which(`qemu-${cpu}`)
  if (!qemu) return {note: `no qemu-${cpu}-static on PATH: the tests of this ${toolchain.target} build cannot run here (apt-get install qemu-user-static)`}
  const sysroot = settings.sysroot ?? toolchain.sysroot ?? `/usr/${toolchain.target}`
  const emulator = [qemu, '-L', sysroot]
  // A cross compiler may keep the target's libstdc++ beside the sysroot, not in it.
  const runtime = await runtimeLibraryDir(toolchain)
  if (runtime && relative(sysroot, runtime).startsWith('..')) emulator.push('-E', `LD_LIBRARY_PATH=${runtime}`)
  return {emulator}
}

async function resolved(api: TckApi, registries: PluginRegistries, build: BuildContext, settings: CMakeSettings, options: PrepareOptions): Promise<ResolvedMemo> {
  const request = JSON.stringify([settings.toolchain, settings.target ?? null, settings.sysroot ?? null, settings.emulator])
  const memo = (await readState(build.root)).resolved
  if (!options.fresh && memo?.request === request && JSON.stringify(await stampsOf(memo.toolchain)) === JSON.stringify(memo.stamps)) return memo
  const toolchain = await resolveToolchain(api, registries, settings, build.root)
  const {emulator, note} = await emulatorFor(api, toolchain, settings)
  if (note) api.log.warn(note)
  const next: ResolvedMemo = {request, stamps: await stampsOf(toolchain), toolchain, emulator}
  if (!options.dryRun) await updateState(api, build.root, (state) => ({...state, resolved: next}))
  return next
}

function checkLinker(api: TckApi, settings: CMakeSettings, toolchain: ResolvedToolchain): void {
  if (settings.linker === 'default' || cpuOf(toolchain.target) !== cpuOf(hostTriple(api))) return
  if (!api.which(`ld.${settings.linker}`)) {
    const pkg = {bfd: 'binutils', gold: 'binutils', lld: 'lld', mold: 'mold'}[settings.linker]
    throw new api.TckError('TOOLCHAIN_NOT_FOUND', `plugins.cmake.linker is "${settings.linker}", but ld.${settings.linker} is not on PATH`, {hint: `Install it (apt-get install ${pkg}), or set linker: 'default'.`})
  }
}

async function askPackageManagers(registries: PluginRegistries, build: BuildContext, settings: CMakeSettings, buildPath: string, toolchainFile: string, toolchain: ResolvedToolchain): Promise<PackagesPlan[]> {
  const plans: PackagesPlan[] = []
  for (const {name, plugin, provider} of registries.packageManager.list()) {
    if (!provider.cmake) continue
    const result = await provider.cmake({
      root: build.root,
      buildDir: buildPath,
      toolchainFile: join(build.root, toolchainFile),
      toolchain: {family: toolchain.family, version: toolchain.version, target: toolchain.target, c: toolchain.c, cxx: toolchain.cxx, sysroot: settings.sysroot ?? toolchain.sysroot},
      buildType: settings.buildType,
      stdlib: settings.stdlib === 'default' ? undefined : settings.stdlib,
      settings: (build.config.plugins[name] ?? {}) as Record<string, unknown>,
    })
    if (result) plans.push({manager: name, plugin, result})
  }
  return plans
}

const cacheValue = (value: string | boolean | number) => (typeof value === 'boolean' ? (value ? 'ON' : 'OFF') : String(value))

async function writeIfChanged(api: TckApi, file: string, text: string): Promise<void> {
  if ((await readFile(file, 'utf8').catch(() => undefined)) !== text) await api.atomicWriteFile(file, text)
}

export async function prepare(api: TckApi, registries: PluginRegistries, build: BuildContext, options: PrepareOptions = {}): Promise<Plan> {
  const settings = readSettings(api, build)
  const programs = requireCMake(api)
  const backend = detectBackend(api, settings)
  const {toolchain, emulator} = await resolved(api, registries, build, settings, options)
  checkLinker(api, settings, toolchain)
  const launcher = detectLauncher(api, settings, build)
  const buildPath = join(build.root, settings.buildDir)
  const toolchainFile = join('.tck', 'cmake', `toolchain-${toolchain.id}.cmake`)
  const packages = await askPackageManagers(registries, build, settings, buildPath, toolchainFile, toolchain)
  const text = renderToolchainFile(api, {toolchain, settings, launcher: launcher?.path, emulator, includes: packages.flatMap((plan) => plan.result.includes ?? [])})
  const env = Object.assign({}, ...packages.map((plan) => plan.result.env ?? {})) as Record<string, string>
  const chained = packages.find((plan) => plan.result.toolchainFile)
  const presetInput = {
    generator: backend.generator,
    buildDir: settings.buildDir,
    toolchainFile: chained?.result.toolchainFile ?? `\${sourceDir}/${toolchainFile}`,
    cacheVariables: {
      CMAKE_BUILD_TYPE: settings.buildType,
      ...Object.fromEntries(Object.entries(settings.cacheVariables).map(([name, value]) => [name, cacheValue(value)])),
      ...Object.assign({}, ...packages.map((plan) => plan.result.cacheVariables ?? {})),
    },
    environment: env,
    description: `${toolchain.family} ${toolchain.version} (${toolchain.target}), ${settings.buildType}, written by tck configure`,
  }
  const configurationHash = api.sha256(JSON.stringify({text, preset: presetEntries(presetInput), toolchain: toolchain.key ?? toolchain.id, launcher: launcher?.name ?? null, packages: packages.map((plan) => [plan.manager, plan.result])}))
  if (!options.dryRun) {
    await writeIfChanged(api, join(build.root, toolchainFile), text)
    await writePresets(api, build.root, presetInput)
  }
  const notes = [...(launcher?.notes ?? [])]
  return {root: build.root, settings, buildDir: settings.buildDir, buildPath, backend, programs, toolchain, launcher, emulator, toolchainFile, presetsFile: USER_PRESETS, packages, env, configurationHash, notes}
}
