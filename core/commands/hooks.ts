import {TckCommand} from '../command.js'
import type {HookName} from '../pipeline.js'

export default class Hooks extends TckCommand {
  static override summary = 'List every hook of the build pipeline, its kind, and who taps it.'
  static override description =
    'Hooks are listed in the order they fire. Taps come from installed plugins, the host itself (tck), and your tck.config.* file.'
  static override examples = ['<%= config.bin %> hooks', '<%= config.bin %> hooks --json']

  async run() {
    const {flags} = await this.parse(Hooks)
    const host = await this.host(flags)
    const hooks = (Object.keys(host.pipeline) as HookName[]).map((name) => {
      const hook = host.pipeline[name]
      return {name, kind: hook.constructor.name, args: (hook as unknown as {_args: string[]})._args, taps: hook.taps.map((tap) => tap.name)}
    })
    if (!this.jsonEnabled()) {
      const width = Math.max(...hooks.map((hook) => hook.name.length))
      for (const hook of hooks) {
        this.log(`${hook.name.padEnd(width)}  ${hook.kind.padEnd(25)}  ${hook.taps.join(', ') || '-'}`)
      }
    }
    return {hooks}
  }
}
