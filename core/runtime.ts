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
import {isAlive} from './io/pid.js'
import {gnuCpu, hostPlatform, platformMatches} from './io/platform.js'
import {cacheRoot, downloadsDir} from './toolchains/dirs.js'
import {loadMetadata, metadataLocations, releasesOf} from './toolchains/metadata.js'
import {compareVersions, matchesRange, pickVersion} from './toolchains/version.js'
import {zstd} from './wasm/index.js'
import type {Config} from '@oclif/core'
import type {HostOptions, Host} from './host.js'
import type {BuildOptions} from './engine/build.js'

export const runtime = Object.freeze({
  TckError,
  PluginError,
  atomicWriteFile,
  sha256,
  sha256File,
  log,
  which,
  /** Whether a process of this machine still exists: a temp file named by a dead pid is stale. */
  isAlive,
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
  }),
})

export type TckApi = typeof runtime
