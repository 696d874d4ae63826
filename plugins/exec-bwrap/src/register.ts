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

  // Keyed: the limits a sandboxed task runs under are part of its request, and so of its key.
  pipeline.requestCreated.tap((request, task) => {
    if (request.executor !== NAME) return undefined
    const declared = Object.fromEntries(Object.entries(request.resources).filter(([, value]) => value !== undefined))
    return {...request, resources: {...readSettings(api, task.build).defaults, ...declared}}
  })

  registries.executor.register({
    name: NAME,
    async describe() {
      return (await ready()).info
    },
    // The request's limits already hold the defaults (requestCreated above) and are keyed as such.
    identity(_request, build) {
      const {hide} = readSettings(api, build)
      return JSON.stringify({version: SANDBOX_VERSION, hide, readOnlyProc: HOST_WRITING_PROC})
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
