/**
 * The host's runtime API, handed to every plugin in `tck:register`. Plugins use it instead of
 * importing the host, so an installed plugin never depends on where the host lives.
 */
import {PluginError, TckError} from './errors.js'
import {atomicWriteFile} from './io/atomic.js'
import {createTaskCgroup, detectCgroups} from './io/cgroups.js'
import {sha256, sha256File} from './io/digest.js'
import {which} from './io/tools.js'
import {log} from './log.js'
import type {DownloadRequest} from './io/download.js'
import type {ExtractOptions} from './io/extract.js'
import {withLock} from './io/lock.js'
import {isOffline} from './io/offline.js'
import {gnuCpu, hostPlatform, platformMatches} from './io/platform.js'
import {cacheRoot, downloadsDir} from './toolchains/dirs.js'
import {loadMetadata, metadataLocations, releasesOf} from './toolchains/metadata.js'
import {compareVersions, matchesRange, pickVersion} from './toolchains/version.js'
import {zstd} from './wasm/index.js'
import type {Config} from '@oclif/core'
import type {HostOptions, Host} from './host.js'
import type {BuildOptions} from './engine/build.js'
import type {ToolchainSource} from './contracts/toolchain.js'
import type {Registries} from './registries.js'
import type {InstallOptions} from './toolchains/install.js'
import {compilerCommand, type ToolchainRef} from './toolchains/compilers.js'
import {parseToolchainSpec} from './toolchains/version.js'

/** The toolchain sources as a plugin reads them (`context.registries`) or a command has them (`host.registries`). */
export interface ToolchainSources {
  toolchainSource: {get(name: string): ToolchainSource; list(): Array<{name: string; provider: ToolchainSource}>}
}

export const runtime = Object.freeze({
  TckError,
  PluginError,
  atomicWriteFile,
  sha256,
  sha256File,
  log,
  which,
  /** zstd in WebAssembly, loaded on first use: store blob compression. */
  zstd,
  /** Control groups for sandbox executors: what this machine enforces, and one group per task. */
  cgroups: Object.freeze({detect: detectCgroups, create: createTaskCgroup}),
  /**
   * For plugin commands that build (`tck book build`, `tck configure`): the host for one command
   * (config loaded, every plugin registered) and one run of the engine on it. A plugin command
   * reaches this API through `this.config.root` (see docs/plugins.md).
   */
  engine: Object.freeze({
    createHost: async (oclif: Config, options: HostOptions): Promise<Host> => (await import('./host.js')).createHost(oclif, options),
    build: async (host: Host, options: BuildOptions & {engineOptions?: Record<string, unknown>}) =>
      (await import('./engine/build.js')).runBuild(host.buildContext({jobs: options.jobs, ...options.engineOptions}), host.pipeline, host.registries, options),
  }),
  /**
   * For toolchain sources: verified downloads into the shared cache, secure extraction, metadata
   * files and versions. Download and extraction load on first use (undici is not free to import).
   */
  toolchains: Object.freeze({
    download: async (request: DownloadRequest) => (await import('./io/download.js')).download(request, {cacheDir: downloadsDir()}),
    unpackArchive: async (archive: string, directory: string, options?: ExtractOptions) => (await import('./io/extract.js')).unpackArchive(archive, directory, options),
    withLock,
    platform: hostPlatform,
    /** Offline mode: only what the caches hold; no request is made. */
    offline: isOffline,
    platformMatches,
    gnuCpu,
    cacheDir: cacheRoot,
    loadMetadata,
    metadataLocations,
    releasesOf,
    compareVersions,
    matchesRange,
    pickVersion,
    parseSpec: parseToolchainSpec,
    /**
     * For plugins that wire a toolchain into a project (recipe-cmake): install a spec once per
     * machine (or find it installed), the candidates the sources offer (newest first, for
     * `tck upgrade`), the installed one matching a spec, a compiler's command line, and the
     * compilers this machine already has.
     */
    install: async (sources: ToolchainSources, spec: string, options?: InstallOptions) =>
      (await import('./toolchains/install.js')).installToolchain(sources as unknown as Registries, spec, options),
    candidates: async (sources: ToolchainSources, spec: string, platform?: string) =>
      (await import('./toolchains/install.js')).resolveCandidates(sources as unknown as Registries, spec, platform),
    findInstalled: async (spec: string) => {
      const {source, name, range} = parseToolchainSpec(spec)
      return (await import('./toolchains/registry.js')).findInstalled(name, range, source)
    },
    compilerCommand: (toolchain: ToolchainRef, language: 'c' | 'cxx', target?: string) => compilerCommand(toolchain, language, target),
    systemToolchains: async () => (await import('./toolchains/detect.js')).detectSystemToolchains(),
    bestSystemToolchain: async (options?: {target?: string; cxx?: boolean}) => {
      const detect = await import('./toolchains/detect.js')
      return detect.bestSystemToolchain(await detect.detectSystemToolchains(), options)
    },
  }),
})

export type TckApi = typeof runtime
