import {TckCommand} from '../command.js'
import {KEYED_HOOKS, type HookName} from '../pipeline.js'

export default class Hooks extends TckCommand {
  static override summary = 'List every hook of the build pipeline, its kind, whether it is keyed, and who taps it.'
  static override description =
    'Hooks are listed in the order they fire. Taps come from installed plugins, the host itself (tck), and your tck.config.* file. ' +
    'A keyed hook runs before a task\'s cache key is final and may change what the task does, so each plugin tapping it ' +
    '(its name, version and code) is part of the key of every task it can affect; the others may only observe, force a rebuild or abort. ' +
    'A tap with a filter (e.g. {kind: "compile"}) runs only for the tasks or recipes it names.'
  static override examples = ['<%= config.bin %> hooks', '<%= config.bin %> hooks --json']

  async run() {
    const {flags} = await this.parse(Hooks)
    const {driver} = await this.host(flags)
    const hooks = (Object.keys(driver.hooks) as HookName[]).map((name) => {
      const hook = driver.hooks[name]
      const taps = driver.taps(name).map((tap) => ({plugin: tap.plugin, stage: tap.stage, ...(tap.filter ? {filter: tap.filter} : {})}))
      return {name, kind: hook.constructor.name, keyed: KEYED_HOOKS.has(name), args: (hook as unknown as {_args: string[]})._args, taps: taps.map(({plugin}) => plugin), tapDetails: taps}
    })
    if (!this.jsonEnabled()) {
      const width = Math.max(...hooks.map((hook) => hook.name.length))
      for (const hook of hooks) {
        const taps = hook.tapDetails.map((tap) => (tap.filter ? `${tap.plugin} ${JSON.stringify(tap.filter)}` : tap.plugin))
        this.log(`${hook.name.padEnd(width)}  ${hook.kind.padEnd(25)}  ${hook.keyed ? 'keyed' : '     '}  ${taps.join(', ') || '-'}`)
      }
    }
    return {hooks}
  }
}
