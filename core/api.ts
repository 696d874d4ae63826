/**
 * The host's public API: the one module plugins and config files may import. Plugins import it
 * for types only (`import type ... from 'tck'`); at run time the host hands them the same values
 * in `tck:register` (`context.api`), so an installed plugin never needs to locate the host.
 */
export type {PluginContext, PluginHook, PluginPipeline, PluginRegistries, Register, TapOrder} from './plugins/context.js'
export type {BuildContext, BuildObserver, BuildSummary, Graph, HookName, Pipeline, TaskContext, TaskOutcome} from './pipeline.js'
export type {ProviderKind, Registries} from './registries.js'
export type {TckApi, ToolchainSources} from './runtime.js'
export type {InstalledToolchain} from './toolchains/registry.js'
export type {SystemToolchain} from './toolchains/detect.js'
export type {Host, HostOptions} from './host.js'
export type {BuildOptions, BuildResult} from './engine/build.js'
export type {BuildReport, ReportStep, ReportTask} from './reports/model.js'
export type {CgroupController, CgroupLimits, CgroupSupport, CgroupUsage, TaskCgroup} from './io/cgroups.js'
export type {TckConfig, TaskConfig} from './config/schema.js'
export type {DownloadRequest, Downloaded} from './io/download.js'
export type {ExtractOptions, ExtractResult} from './io/extract.js'
export type {Platform} from './io/platform.js'
export type {CommandReadsOptions, DriverArgs} from './toolchains/driver-args.js'
export type {MetadataRelease, ToolchainMetadata} from './toolchains/metadata.js'
export type * from './contracts/task.js'
export type * from './contracts/executor.js'
export type * from './contracts/cache.js'
export type * from './contracts/compiler.js'
export type * from './contracts/recipe.js'
export type * from './contracts/packages.js'
export type * from './contracts/toolchain.js'
export type * from './contracts/doctor.js'
export {PluginError, TckError, type ErrorCode} from './errors.js'
export {runtime} from './runtime.js'

/** Typed helper for plugin authors and config files: `export default definePlugin(ctx => ...)`. */
export function definePlugin(register: import('./plugins/context.js').Register) {
  return register
}

/** Typed helper for `tck.config.mjs`. */
export function defineConfig<T extends import('./config/schema.js').TckConfig | Record<string, unknown>>(config: T): T {
  return config
}
