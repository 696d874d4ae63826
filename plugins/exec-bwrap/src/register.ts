/**
 * The `bwrap` executor: each task in a bubblewrap sandbox. Tasks pick it with
 * `executor: 'bwrap'` (or the config's default `executor`). Default limits for tasks that declare
 * none come from `plugins: {'exec-bwrap': {pids, memoryMiB, cpuSeconds}}` in tck.config.
 */
import type {BuildContext, Register, Resources, TckApi} from 'tck'
import {probe, type Probe} from './describe.js'
import {runSandboxed} from './run.js'

const NAME = 'bwrap'
/** Even a task that declares no limit cannot fork-bomb the machine. */
const BUILT_IN_DEFAULTS: Resources = {pids: 4096}
const LIMIT_KEYS = ['pids', 'memoryMiB', 'cpuSeconds'] as const

function configuredDefaults(api: TckApi, build: BuildContext): Resources {
  const settings = build.config.plugins['exec-bwrap'] ?? {}
  const defaults: Resources = {...BUILT_IN_DEFAULTS}
  for (const [key, value] of Object.entries(settings)) {
    const valid = (LIMIT_KEYS as readonly string[]).includes(key) && typeof value === 'number' && value > 0 && (key !== 'pids' || Number.isInteger(value))
    if (!valid) {
      throw new api.TckError('CONFIG_INVALID', `${build.configFile ?? 'tck.config'}: plugins.exec-bwrap.${key} must be one of ${LIMIT_KEYS.join(', ')} with a positive number (pids a whole one)`, {
        hint: `e.g. plugins: {'exec-bwrap': {pids: 1024, memoryMiB: 2048, cpuSeconds: 600}}`,
      })
    }
    defaults[key as (typeof LIMIT_KEYS)[number]] = value
  }
  return defaults
}

const register: Register = ({api, pipeline, registries}) => {
  let probed: Promise<Probe> | undefined
  const ready = () => (probed ??= probe(api))

  // Checked as soon as the config is loaded, so a typo fails every command at once, not the first sandboxed task.
  pipeline.configLoaded.tap((build) => {
    configuredDefaults(api, build)
  })

  // Keyed: the limits a sandboxed task runs under are part of its request, and so of its key.
  pipeline.requestCreated.tap((request, task) => {
    if (request.executor !== NAME) return undefined
    const declared = Object.fromEntries(Object.entries(request.resources).filter(([, value]) => value !== undefined))
    return {...request, resources: {...configuredDefaults(api, task.build), ...declared}}
  })

  registries.executor.register({
    name: NAME,
    async describe() {
      return (await ready()).info
    },
    async run(request, signal) {
      const {info, tools} = await ready()
      if (!tools) {
        throw new api.TckError('PROVIDER_NOT_FOUND', `executor bwrap cannot run here: ${info.reason}`, {
          hint: "Fix the reason above, or run the task with executor: 'local'.",
        })
      }
      return runSandboxed(api, tools, request, signal)
    },
  })
}

export default register
