/**
 * The host's runtime API, handed to every plugin in `tck:register`. Plugins use it instead of
 * importing the host, so an installed plugin never depends on where the host lives.
 */
import {Stage} from './driver.js'
import {PluginError, reportError, TckError} from './errors.js'
import {atomicWriteFile} from './io/atomic.js'
import {createTaskCgroup, detectCgroups} from './io/cgroups.js'
import {sha256, sha256File} from './io/digest.js'
import {run, which} from './io/tools.js'
import {log} from './log.js'
import type {DownloadRequest} from './io/download.js'
import type {ExtractOptions} from './io/extract.js'
import {withLock} from './io/lock.js'
import {isOffline} from './io/offline.js'
import {isAlive} from './io/pid.js'
import {killWithTck, readyReaper} from './io/reaper.js'
import {gnuCpu, hostPlatform, platformMatches} from './io/platform.js'
import {cacheRoot} from './io/dirs.js'
import {downloadsDir} from './toolchains/dirs.js'
import {loadMetadata, metadataLocations, releasesOf} from './toolchains/metadata.js'
import {compareVersions, matchesRange, pickVersion} from './toolchains/version.js'
import {zstd} from './wasm/index.js'
import {gnuCommandReads, includeSearchOf, probe, readDriverArgs, searchDirsOf} from './toolchains/driver-args.js'
import type {HostOptions, HostPlace, Host} from './host.js'
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
  /** Named tap stages: `first` (before every plugin), `normal` (the default), `last` (after every plugin). */
  Stage,
  /** For a plugin's own commands: print a TckError as every tck command does (false: not one). */
  reportError,
  atomicWriteFile,
  sha256,
  sha256File,
  log,
  which,
  /** Runs a program with arguments, no shell: its exit code and output (compiler plugins' probes). */
  run,
  /** tck's cache root (`TCK_CACHE_DIR`, else `$XDG_CACHE_HOME/tck`): plugins keep their caches under it. */
  cacheDir: cacheRoot,
  /** For compiler plugins: a GNU-style driver command line (gcc, clang, tcc) read for what it makes the compiler read. */
  compilers: Object.freeze({probe, readDriverArgs, gnuCommandReads, includeSearchOf, searchDirsOf}),
  /** Whether a process of this machine still exists: a temp file named by a dead pid is stale. */
  isAlive,
  /**
   * For executors: what they spawn dies with tck, even when tck is killed with SIGKILL. Call
   * `readyReaper()` before the spawn, `killWithTck(-pgid or pid)` right after it, and the release
   * it returns when the process has ended.
   */
  processes: Object.freeze({readyReaper, killWithTck}),
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
    createHost: async (place: HostPlace, options: HostOptions): Promise<Host> => (await import('./host.js')).createHost(place, options),
    build: (host: Host, options: BuildOptions & {engineOptions?: Record<string, unknown>}) =>
      host.build({options: {jobs: options.jobs, ...options.engineOptions}}).run(options),
    /**
     * A command's no-change record (core/engine/unchanged/), so bin/tck answers its next run
     * without Node while nothing it observed changed: `observeStart` before the host loads,
     * `recordUnchanged` with the build it ran when it is done.
     */
    observeStart: async (tckRoot: string, cwd: string, configFile?: string) => (await import('./engine/unchanged/observe.js')).observeStart(tckRoot, cwd, configFile),
    recordUnchanged: async (...args: Parameters<typeof import('./engine/unchanged/observe.js').recordUnchanged>) => (await import('./engine/unchanged/observe.js')).recordUnchanged(...args),
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
