/**
 * The host's runtime API, handed to every plugin in `tck:register`. Plugins use it instead of
 * importing the host, so an installed plugin never depends on where the host lives.
 */
import {PluginError, TckError} from './errors.js'
import {atomicWriteFile} from './io/atomic.js'
import {sha256, sha256File} from './io/digest.js'
import {log} from './log.js'

export const runtime = Object.freeze({
  TckError,
  PluginError,
  atomicWriteFile,
  sha256,
  sha256File,
  log,
})

export type TckApi = typeof runtime
