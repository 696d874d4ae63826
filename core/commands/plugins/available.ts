import {TckBaseCommand} from '../../command.js'
import {pluginStates} from '../../plugins/available.js'

export default class PluginsAvailable extends TckBaseCommand {
  static override summary = 'List the first-party plugins: their short names, what each does, and whether it is added.'
  static override description = 'Every one ships inside tck: `tck plugins add <short name>` adds it without the network. Bundled ones are always on.'
  static override examples = ['<%= config.bin %> plugins available', '<%= config.bin %> plugins available --json']

  async run() {
    await this.parse(PluginsAvailable)
    const plugins = pluginStates(this.config)
    if (!this.jsonEnabled()) {
      const width = (key: 'shortNames' | 'state') => Math.max(...plugins.map((plugin) => (key === 'state' ? plugin.state : plugin.shortNames.join(', ')).length))
      const [names, states] = [width('shortNames'), width('state')]
      for (const plugin of plugins) this.log(`${plugin.shortNames.join(', ').padEnd(names)}  ${plugin.state.padEnd(states)}  ${plugin.description}`)
    }
    return {plugins}
  }
}
