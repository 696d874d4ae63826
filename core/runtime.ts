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
import {zstd} from './wasm/index.js'

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
})

export type TckApi = typeof runtime
