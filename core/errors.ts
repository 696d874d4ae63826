/**
 * One error hierarchy for the whole host. Every error a user can cause carries a stable code,
 * an exit code, and says what failed, where, and what to do — commands print it without a stack.
 */
import {pathToFileURL} from 'node:url'

export type ErrorCode =
  | 'CONFIG_NOT_FOUND'
  | 'PROJECT_NOT_FOUND'
  | 'CONFIG_INVALID'
  | 'CONFIG_LOAD'
  | 'PLUGIN_FAILED'
  | 'PLUGIN_CONFLICT'
  | 'PLUGIN_NOT_FOUND'
  | 'PROVIDER_NOT_FOUND'
  | 'TASK_FAILED'
  | 'TASK_ABORTED'
  | 'GRAPH_INVALID'
  | 'STORE_CORRUPT'
  | 'SCRIPT_INVALID'
  | 'COMPILE_FAILED'
  | 'USAGE'
  | 'IO'
  | 'DOWNLOAD_FAILED'
  | 'CHECKSUM_MISMATCH'
  | 'OFFLINE'
  | 'ARCHIVE_UNSAFE'
  | 'ARCHIVE_INVALID'
  | 'LOCK_TIMEOUT'
  | 'TOOLCHAIN_NOT_FOUND'
  | 'TOOLCHAIN_INVALID'
  | 'INTERRUPTED'

const exitCodes: Record<ErrorCode, number> = {
  CONFIG_NOT_FOUND: 3,
  PROJECT_NOT_FOUND: 3,
  CONFIG_INVALID: 3,
  CONFIG_LOAD: 3,
  PLUGIN_FAILED: 4,
  PLUGIN_CONFLICT: 4,
  PLUGIN_NOT_FOUND: 4,
  PROVIDER_NOT_FOUND: 4,
  TASK_FAILED: 1,
  TASK_ABORTED: 1,
  GRAPH_INVALID: 3,
  STORE_CORRUPT: 5,
  SCRIPT_INVALID: 2,
  COMPILE_FAILED: 1,
  USAGE: 2,
  IO: 5,
  DOWNLOAD_FAILED: 6,
  CHECKSUM_MISMATCH: 6,
  OFFLINE: 6,
  ARCHIVE_UNSAFE: 6,
  ARCHIVE_INVALID: 6,
  LOCK_TIMEOUT: 5,
  TOOLCHAIN_NOT_FOUND: 7,
  TOOLCHAIN_INVALID: 7,
  INTERRUPTED: 130,
}

export class TckError extends Error {
  readonly code: ErrorCode
  readonly exitCode: number
  /** What the user can do about it; printed on its own line. */
  readonly hint?: string

  constructor(code: ErrorCode, message: string, options: {cause?: unknown; hint?: string} = {}) {
    super(message, {cause: options.cause})
    this.name = 'TckError'
    this.code = code
    this.exitCode = exitCodes[code]
    this.hint = options.hint
  }

  toJSON(): Record<string, unknown> {
    return {code: this.code, message: this.message, hint: this.hint, exitCode: this.exitCode}
  }
}

/** `:line:column` of the innermost stack frame of `error` in `file` (an ES module's URL or a CommonJS path), or ''. */
export function stackLocation(file: string, error: unknown): string {
  if (!(error instanceof Error) || !error.stack) return ''
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const frame = new RegExp(`(?:${escape(pathToFileURL(file).href)}|${escape(file)}):(\\d+):(\\d+)`).exec(error.stack)
  return frame ? `:${frame[1]}:${frame[2]}` : ''
}

/** An error thrown inside a plugin's tap or provider, re-thrown naming the plugin and the hook. */
export class PluginError extends TckError {
  readonly plugin: string
  readonly hook: string

  /** `configFile`: the plugin is the user's own configuration (its absolute path), whose fix is an edit, not a removal. */
  constructor(plugin: string, hook: string, cause: unknown, options: {configFile?: string} = {}) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    // A TckError a plugin raises on purpose (a bad setting, an interrupted task) keeps its code,
    // exit code and hint: the user's remedy is that one, not removing the plugin.
    const deliberate = cause instanceof TckError ? cause : undefined
    const remedy = options.configFile
      ? `This is your configuration's own code, at ${plugin}${stackLocation(options.configFile, cause)}; fix it there.`
      : `This comes from ${plugin}; remove it with \`tck plugins remove ${plugin}\` or report it to its author.`
    super(deliberate?.code ?? 'PLUGIN_FAILED', `plugin ${plugin} failed in hook ${hook}: ${reason}`, {cause, hint: deliberate?.hint ?? remedy})
    this.plugin = plugin
    this.hook = hook
  }
}

export function isTckError(error: unknown): error is TckError {
  return error instanceof TckError
}

/**
 * How every command ends on an error a user can cause: one plain message and its hint (or one JSON
 * line), the error's exit code, no stack trace. False when it is not such an error.
 */
export function reportError(error: unknown, json: boolean, logJson: (value: unknown) => void): boolean {
  if (!isTckError(error)) return false
  process.exitCode = error.exitCode
  if (json) logJson({error: error.toJSON()})
  else process.stderr.write(`tck: error: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`)
  return true
}
