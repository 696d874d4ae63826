import {Flags} from '@oclif/core'
import {TckCommand} from '../../command.js'
import {bestSystemToolchain, detectSystemToolchains} from '../../toolchains/detect.js'
import {listInstalled} from '../../toolchains/registry.js'

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`

export default class ToolchainList extends TckCommand {
  static override summary = 'List installed toolchains, and with --system the compilers this machine already has.'
  static override description = 'For each installed toolchain: version, platform, source, size, last use and the projects that use it. --system also finds gcc, clang and tcc on PATH and in the usual places, with versions and targets, and marks the best one.'
  static override examples = ['<%= config.bin %> toolchain list', '<%= config.bin %> toolchain list --system', '<%= config.bin %> toolchain list --json']
  static override flags = {system: Flags.boolean({description: 'Also detect system toolchains (gcc, clang, tcc)'})}

  async run() {
    const {flags} = await this.parse(ToolchainList)
    const installed = await listInstalled()
    const compilers = flags.system ? (await this.host(flags)).registries.compiler.list().map(({provider}) => provider) : []
    const system = flags.system ? await detectSystemToolchains(compilers) : undefined
    const best = system ? bestSystemToolchain(system) : undefined
    if (!this.jsonEnabled()) {
      if (installed.length === 0) this.log('no toolchains installed (tck toolchain install <name>)')
      const width = (pick: (toolchain: (typeof installed)[number]) => string) => Math.max(0, ...installed.map((toolchain) => pick(toolchain).length))
      const [name, version, source, platform] = [width((t) => t.name), width((t) => t.version), width((t) => t.source), width((t) => t.platform)]
      for (const toolchain of installed) {
        this.log(`${toolchain.name.padEnd(name)}  ${toolchain.version.padEnd(version)}  ${toolchain.source.padEnd(source)}  ${toolchain.platform.padEnd(platform)}  ${mib(toolchain.size).padStart(11)}  last used ${toolchain.lastUsedAt.slice(0, 10)}  ${toolchain.projects.length} project(s)`)
      }
      if (system) {
        this.log('system:')
        for (const toolchain of system) {
          this.log(`${toolchain === best ? '* ' : '  '}${toolchain.family.padEnd(6)} ${toolchain.version.padEnd(10)} ${toolchain.target.padEnd(26)} ${toolchain.c}${toolchain.cxx ? ` (+ ${toolchain.cxx})` : ''}`)
        }
      }
    }
    return {installed, system, best}
  }
}
