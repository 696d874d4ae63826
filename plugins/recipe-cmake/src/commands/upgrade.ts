import {Flags} from '@oclif/core'
import {CMakeCommand} from '../command.js'
import {configureProject} from '../configure.js'
import {upgradeReport} from '../upgrade.js'

export default class Upgrade extends CMakeCommand {
  static override summary = 'Show newer versions of the project\'s pinned toolchain and what moving to them would change.'
  static override description =
    'Asks the toolchain sources for the newest version within plugins.cmake.toolchain\'s range (which --apply installs and configures with) and the newest overall (which needs a new spec in tck.config). ' +
    'System compilers are upgraded by the system\'s package manager, not by tck.'
  static override examples = ['<%= config.bin %> upgrade', '<%= config.bin %> upgrade --apply', '<%= config.bin %> upgrade --json']
  static override flags = {apply: Flags.boolean({description: 'Install the newest version within the configured range and reconfigure with it'})}

  async run() {
    const {flags} = await this.parse(Upgrade)
    const api = await this.runtime()
    const host = await this.host(api, flags)
    const registries = this.registries(host)
    const report = await upgradeReport(api, host, registries)
    if (!this.jsonEnabled()) {
      if (report.note) this.log(report.note)
      else {
        this.log(`${report.spec}: ${report.current ? `${report.current.version} (${report.current.source})` : 'not installed yet'}`)
        this.log(report.withinRange ? `  newer within the range: ${report.withinRange.version} (${report.withinRange.source}); \`tck upgrade --apply\` moves to it` : '  nothing newer within the range')
        if (report.newest) this.log(`  newest: ${report.newest.version} (${report.newest.source}); set plugins.cmake.toolchain: '${report.newest.spec}'`)
        if (report.changes.length > 0) this.log(`  what would change:\n${report.changes.map((change) => `    ${change}`).join('\n')}`)
      }
    }
    if (flags.apply && report.withinRange) {
      await api.toolchains.install(registries, `${report.withinRange.source}:${report.spec.replace(/^[^:]+:/, '').split('@')[0]}@${report.withinRange.version}`, {project: host.root})
      const {result} = await configureProject(api, host, registries, {resolve: true})
      if (!result.ok) throw result.errors[0]
      if (!this.jsonEnabled()) this.log(`configured with ${report.withinRange.version}`)
      return {...report, applied: report.withinRange.version}
    }
    return report
  }
}
