/**
 * The `bwrap` executor: each task in a bubblewrap sandbox. Tasks pick it with
 * `executor: 'bwrap'` (or the config's default `executor`). Its settings (settings.ts) come from
 * `plugins: {'exec-bwrap': {...}}` in tck.config and are part of every sandboxed task's key.
 */
import type {Register} from 'tck'
import {HOST_WRITING_PROC} from './args.js'
import {probe, type Probe} from './describe.js'
import {runSandboxed} from './run.js'
import {defaultSettings, readSettings, type BwrapSettings} from './settings.js'

const NAME = 'bwrap'
/** Bumped when what the sandbox allows changes, so results from a looser sandbox are not reused. */
const SANDBOX_VERSION = 2

const register: Register = ({api, pipeline, registries}) => {
  let probed: Promise<Probe> | undefined
  const ready = () => (probed ??= probe(api))
  let settings: BwrapSettings | undefined

  // Checked as soon as the config is loaded, so a typo fails every command at once, not the first sandboxed task.
  pipeline.configLoaded.tap((build) => {
    settings = readSettings(api, build)
  })

  pipeline.beforeExecute.tap((request, task) => {
    if (request.executor !== NAME) return undefined
    const declared = Object.fromEntries(Object.entries(request.resources).filter(([, value]) => value !== undefined))
    return {...request, resources: {...readSettings(api, task.build).defaults, ...declared}}
  })

  registries.executor.register({
    name: NAME,
    async describe() {
      return (await ready()).info
    },
    identity(task, build) {
      const {defaults, hide} = readSettings(api, build)
      const declared = Object.fromEntries(Object.entries(task.resources).filter(([, value]) => value !== undefined))
      return JSON.stringify({version: SANDBOX_VERSION, resources: {...defaults, ...declared}, hide, readOnlyProc: HOST_WRITING_PROC})
    },
    async run(request, signal) {
      const {info, tools} = await ready()
      if (!tools) {
        throw new api.TckError('PROVIDER_NOT_FOUND', `executor bwrap cannot run here: ${info.reason}`, {
          hint: "Fix the reason above, or run the task with executor: 'local'.",
        })
      }
      // Without a loaded config (a host that skipped configLoaded), the default list still holds.
      return runSandboxed(api, tools, request, signal, (settings ?? defaultSettings(api)).hide)
    },
  })
}

export default register
