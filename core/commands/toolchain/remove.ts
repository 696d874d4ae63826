import {Args} from '@oclif/core'
import {TckCommand} from '../../command.js'
import {installedMatching, removeInstalled} from '../../toolchains/registry.js'

export default class ToolchainRemove extends TckCommand {
  static override summary = 'Remove installed toolchains (every installed version that matches the spec).'
  static override examples = ['<%= config.bin %> toolchain remove llvm@17', '<%= config.bin %> toolchain remove npm:zig --json']
  static override strict = false
  static override args = {spec: Args.string({description: 'NAME[@VERSION], SOURCE:NAME[@VERSION] or an exact key from `toolchain list --json`', required: true})}

  async run() {
    const {argv} = await this.parse(ToolchainRemove)
    const removed = []
    for (const spec of argv as string[]) {
      for (const toolchain of await installedMatching(spec)) {
        await removeInstalled(toolchain)
        if (!this.jsonEnabled()) this.log(`removed ${toolchain.name} ${toolchain.version} (${toolchain.source}, ${toolchain.platform})`)
        removed.push(toolchain)
      }
    }
    return {removed}
  }
}
