import {Args, Flags} from '@oclif/core'
import {TckBaseCommand} from '../../command.js'
import {TckError} from '../../errors.js'
import {findShipped, shippedPlugins} from '../../plugins/catalog.js'
import {oclifPluginCommands} from '../../plugins/oclif.js'

export default class PluginsRemove extends TckBaseCommand {
  static override aliases = ['plugins:uninstall', 'plugins:unlink']
  static override summary = 'Remove added or linked plugins; a first-party one by any of its short names.'
  static override examples = ['<%= config.bin %> plugins remove clang', '<%= config.bin %> plugins remove @acme/tck-plugin-lint']
  static override strict = false
  static override args = {plugin: Args.string({description: 'Short name, full npm name, or the directory of a linked plugin', required: true})}
  static override flags = {verbose: Flags.boolean({char: 'v', description: 'Show npm\'s output'})}

  async run() {
    const {argv, flags} = await this.parse(PluginsRemove)
    const catalog = shippedPlugins(this.config.root)
    const names = (argv as string[]).map((wanted) => {
      const plugin = findShipped(catalog, wanted)
      if (plugin?.bundled) throw new TckError('USAGE', `${plugin.name} is part of tck and cannot be removed`, {hint: 'Only plugins added with `tck plugins add` or `tck plugins link` can be removed.'})
      return plugin?.name ?? wanted
    })
    await oclifPluginCommands(this.config)('plugins:uninstall', [...names, ...(flags.verbose ? ['--verbose'] : [])])
    return {removed: names}
  }
}
