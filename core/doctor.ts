/** What `tck doctor` checks: Node, plugins, WASM modules, executors and the tools on PATH. */
import type {Host} from './host.js'
import {detectCgroups} from './io/cgroups.js'
import {toolVersion, which} from './io/tools.js'
import * as wasm from './wasm/index.js'

const TOOLS: Array<[name: string, versionArgs?: string[]]> = [
  ['gcc'], ['g++'], ['clang'], ['tcc', ['-v']], ['cmake'], ['ninja'], ['make'],
  ['bwrap'], ['ccache'], ['sccache'], ['git'], ['zstd'],
]

export async function diagnose(host: Host) {
  const [tools, wasmModules, executors, cgroups, checks] = await Promise.all([
    Promise.all(
      TOOLS.map(async ([name, args]) => {
        const path = which(name)
        return {name, path, version: path ? await toolVersion(path, args) : undefined}
      }),
    ),
    wasm.status(),
    Promise.all(host.registries.executor.list().map(async ({name, plugin, provider}) => ({name, plugin, ...(await provider.describe())}))),
    // Which limits a sandbox executor can rely on: the layout, and controllers that really accept child groups.
    detectCgroups(),
    // A plugin's check that throws is a failed finding, not a failed doctor.
    Promise.all(host.registries.doctorCheck.list().map(async ({name, plugin, provider}) => ({
      name,
      plugin,
      findings: await provider.check(host.build()).catch((error: Error) => [{name, ok: false, detail: error.message}]),
    }))),
  ])
  return {
    node: {version: process.versions.node, ok: Number(process.versions.node.split('.')[0]) >= 20},
    config: host.configFile ?? null,
    plugins: host.plugins.map(({name, version, type, registers}) => ({name, version, type, registers})),
    providers: Object.fromEntries(
      Object.entries(host.registries).map(([kind, registry]) => [kind, registry.list().map(({name, plugin}) => ({name, plugin}))]),
    ),
    executors,
    cgroups,
    wasm: wasmModules,
    tools,
    checks,
  }
}
