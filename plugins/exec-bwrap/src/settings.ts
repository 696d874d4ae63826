/**
 * `plugins: {'exec-bwrap': {pids, memoryMiB, cpuSeconds, hide}}` in tck.config: default limits for
 * tasks that declare none, and the paths tasks cannot read (hidden.ts; `hide` replaces the list).
 */
import type {BuildContext, Resources, TckApi} from 'tck'
import {DEFAULT_HIDDEN, expandHidden} from './hidden.js'

/** Even a task that declares no limit cannot fork-bomb the machine. */
const BUILT_IN_DEFAULTS: Resources = {pids: 4096}
const LIMIT_KEYS = ['pids', 'memoryMiB', 'cpuSeconds'] as const

export interface BwrapSettings {
  defaults: Resources
  /** Absolute paths. */
  hide: string[]
}

export function readSettings(api: TckApi, build: BuildContext): BwrapSettings {
  const settings = build.config.plugins['exec-bwrap'] ?? {}
  const where = `${build.configFile ?? 'tck.config'}: plugins.exec-bwrap`
  const defaults: Resources = {...BUILT_IN_DEFAULTS}
  let hide = DEFAULT_HIDDEN.map((entry) => expandHidden(entry)!)
  for (const [key, value] of Object.entries(settings)) {
    if (key === 'hide') {
      const paths = Array.isArray(value) ? value.map((entry) => (typeof entry === 'string' ? expandHidden(entry) : undefined)) : [undefined]
      if (paths.includes(undefined)) {
        throw new api.TckError('CONFIG_INVALID', `${where}.hide must be a list of absolute paths or paths starting with ~/`, {
          hint: `e.g. plugins: {'exec-bwrap': {hide: ['~/.ssh', '/etc/shadow', '/srv/secrets']}}`,
        })
      }
      hide = paths as string[]
      continue
    }
    const valid = (LIMIT_KEYS as readonly string[]).includes(key) && typeof value === 'number' && value > 0 && (key !== 'pids' || Number.isInteger(value))
    if (!valid) {
      throw new api.TckError('CONFIG_INVALID', `${where}.${key} must be one of ${LIMIT_KEYS.join(', ')} with a positive number (pids a whole one), or hide`, {
        hint: `e.g. plugins: {'exec-bwrap': {pids: 1024, memoryMiB: 2048, cpuSeconds: 600}}`,
      })
    }
    defaults[key as (typeof LIMIT_KEYS)[number]] = value
  }
  return {defaults, hide: [...new Set(hide)].sort()}
}

export function defaultSettings(api: TckApi): BwrapSettings {
  return readSettings(api, {config: {plugins: {}}} as unknown as BuildContext)
}
