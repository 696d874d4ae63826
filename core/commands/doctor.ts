import {TckCommand} from '../command.js'
import {diagnose} from '../doctor.js'

export default class Doctor extends TckCommand {
  static override summary = 'Check this machine: Node, plugins, WASM modules, sandbox limits and tools on PATH.'
  static override examples = ['<%= config.bin %> doctor', '<%= config.bin %> doctor --json']

  async run() {
    const {flags} = await this.parse(Doctor)
    const report = await diagnose(await this.host(flags))
    if (this.jsonEnabled()) return report
    const mark = (ok: boolean) => (ok ? 'ok ' : '-- ')
    this.log(`${mark(report.node.ok)}node ${report.node.version}`)
    this.log(`    config: ${report.config ?? '(none found; defaults apply)'}`)
    this.log('plugins:')
    for (const plugin of report.plugins) this.log(`    ${plugin.name} ${plugin.version} (${plugin.type})`)
    this.log('providers:')
    for (const [kind, list] of Object.entries(report.providers)) {
      this.log(`    ${kind.padEnd(16)} ${list.map(({name, plugin}) => `${name} (${plugin})`).join(', ') || '-'}`)
    }
    this.log('executors:')
    for (const executor of report.executors) {
      this.log(`${mark(executor.available)}${executor.name}: ${executor.available ? `enforces ${executor.enforces.join(', ') || 'nothing'}` : executor.reason}`)
    }
    const {layout, usable, notes} = report.cgroups
    const controllers = Object.entries(usable).map(([name, {version}]) => `${name} (v${version})`)
    this.log(`${mark(controllers.length > 0)}cgroups ${layout}: ${controllers.length > 0 ? `usable ${controllers.join(', ')}` : 'no controller usable'}`)
    for (const note of notes) this.log(`    ${note}`)
    this.log('wasm:')
    for (const module of report.wasm) this.log(`${mark(module.loaded)}${module.name} (${module.purpose})${module.error ? `: ${module.error}` : ''}`)
    this.log('tools:')
    for (const tool of report.tools) this.log(`${mark(Boolean(tool.path))}${tool.name.padEnd(8)} ${tool.version ?? ''} ${tool.path ?? 'not found'}`)
    for (const {name, plugin, findings} of report.checks) {
      this.log(`${name} (${plugin}):`)
      for (const finding of findings) this.log(`${mark(finding.ok)}${finding.name}: ${finding.detail}`)
    }
    return report
  }
}
