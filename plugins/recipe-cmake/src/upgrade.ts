/**
 * `tck upgrade`: what the toolchain sources offer beyond the toolchain this project uses — the
 * newest within the configured range (taken by `--apply`) and the newest overall (a config
 * change) — and what moving would change.
 */
import type {Host, PluginRegistries, TckApi} from 'tck'
import {readSettings} from './settings.js'
import {readState} from './state.js'

export interface UpgradeReport {
  spec: string
  current?: {name?: string; version: string; source: string}
  /** Newest that the configured spec already allows: `tck upgrade --apply` installs it. */
  withinRange?: {version: string; source: string}
  /** Newest any source has: takes a new spec in tck.config. */
  newest?: {version: string; source: string; spec: string}
  changes: string[]
  note?: string
}

export async function upgradeReport(api: TckApi, host: Host, registries: PluginRegistries): Promise<UpgradeReport> {
  const build = host.build()
  const settings = readSettings(api, build)
  const state = await readState(build.root)
  const active = state.configured?.toolchain ?? state.resolved?.toolchain
  const spec = settings.toolchain
  if (spec === 'system' || spec.startsWith('system:')) {
    return {
      spec,
      current: active && {version: active.version, source: 'system'},
      changes: [],
      note: `system compilers are upgraded by the system's package manager${active ? ` (now ${active.family} ${active.version})` : ''}; pin one for tck to upgrade, e.g. plugins.cmake.toolchain: 'llvm@18'`,
    }
  }
  const {source, name, range} = api.toolchains.parseSpec(spec)
  const installed = await api.toolchains.findInstalled(spec)
  const current = installed ? {name: installed.name, version: installed.version, source: installed.source} : active && {version: active.version, source: active.source}
  const [inRange] = await api.toolchains.candidates(registries, spec)
  const [overall] = await api.toolchains.candidates(registries, `${source ? `${source}:` : ''}${name}@latest`)
  const newer = (version?: string) => version !== undefined && (!current || api.toolchains.compareVersions(version, current.version) > 0)
  const withinRange = newer(inRange?.version) ? {version: inRange!.version, source: inRange!.source} : undefined
  const major = overall && overall.version.split('.')[0]
  const newest = newer(overall?.version) && overall!.version !== inRange?.version ? {version: overall!.version, source: overall!.source, spec: `${source ? `${source}:` : ''}${name}@${major}`} : undefined
  const target = withinRange ?? newest
  const changes = target
    ? [
        `compiler ${name} ${current?.version ?? '(not installed)'} -> ${target.version} (installed once per machine into the toolchain cache)`,
        `a new toolchain file .tck/cmake/toolchain-${name}-${target.version}-*.cmake and the tck preset pointing at it`,
        'a fresh configure (the CMake cache starts empty) and a full rebuild: the compiler is in every key, so ccache and tck miss once',
      ]
    : []
  void range
  return {spec, current, withinRange, newest, changes}
}
