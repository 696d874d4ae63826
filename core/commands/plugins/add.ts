import {Args, Flags} from '@oclif/core'
import {TckBaseCommand} from '../../command.js'
import {isOffline} from '../../io/offline.js'
import {log} from '../../log.js'
import {carryOut, planAdd, type Added, type AddPlan} from '../../plugins/add.js'
import {shippedPlugins} from '../../plugins/catalog.js'
import {oclifPluginCommands} from '../../plugins/oclif.js'
import {publishedVersion} from '../../plugins/registry.js'

function describe({name, version, source, already}: Added): string {
  if (source === 'bundled') return `${name} is part of tck: nothing to add`
  const what = `${name}${version ? ` ${version}` : ''} (${source === 'shipped' ? 'shipped with tck' : 'from your npm registry'})`
  return already ? `${what} is added already` : `added ${what}`
}

export default class PluginsAdd extends TckBaseCommand {
  static override aliases = ['plugins:install']
  static override summary = 'Add plugins: a first-party one by its short name (clang, cache-http, bwrap, ...), any other by its full npm name.'
  static override description = [
    'A short name is one of `tck plugins available`: both `clang` and `compiler-clang` mean @tck/plugin-compiler-clang. A short name is never looked up as an unscoped npm package, so a typo installs nothing.',
    'First-party plugins ship inside tck and are added from there, with no network; when your npm registry publishes a newer version of one, that version is installed instead (one line says so). `name@version` asks the registry for that version.',
    'Anything else goes to npm as given: a full name (@scope/name[@version]), a file: path to a package or tarball, or a git URL. Installed plugins live in tck\'s data directory ($XDG_DATA_HOME/tck).',
  ].join('\n\n')
  static override examples = [
    '<%= config.bin %> plugins add clang',
    '<%= config.bin %> plugins add cache-http exec-bwrap',
    '<%= config.bin %> plugins add clang@0.2.0',
    '<%= config.bin %> plugins add @acme/tck-plugin-lint',
    '<%= config.bin %> plugins add file:./my-plugin-0.1.0.tgz',
  ]
  static override strict = false
  static override args = {plugin: Args.string({description: 'Short name (see `tck plugins available`), @scope/name[@version], or file:/path', required: true})}
  static override flags = {
    offline: Flags.boolean({description: 'Ask no registry: add the plugin shipped with tck (also TCK_OFFLINE=1)'}),
    force: Flags.boolean({char: 'f', description: 'For installs from the registry: have npm fetch again what it has cached'}),
    verbose: Flags.boolean({char: 'v', description: 'For installs from the registry: show npm\'s output'}),
  }

  async run() {
    const {argv, flags} = await this.parse(PluginsAdd)
    const catalog = shippedPlugins(this.config.root)
    const options = {
      offline: isOffline(flags.offline || undefined),
      published: (name: string) => publishedVersion(name, {cwd: this.config.dataDir, registry: this.config.npmRegistry}),
    }
    // Every name is resolved before anything is installed: one typo and nothing changes.
    const plans: AddPlan[] = []
    for (const spec of argv as string[]) plans.push(await planAdd(spec, catalog, options))
    const installFlags = [...(flags.force ? ['--force'] : []), ...(flags.verbose ? ['--verbose'] : [])]
    const run = oclifPluginCommands(this.config)
    const added: Added[] = []
    for (const plan of plans) {
      const result = await carryOut(plan, this.config, run, installFlags, (line) => log.info(`tck: ${line}`))
      added.push(result)
      if (!this.jsonEnabled()) this.log(describe(result))
    }
    return {added}
  }
}
