import {Args, Flags} from '@oclif/core'
import {TckCommand} from '../../command.js'
import {installToolchain} from '../../toolchains/install.js'
import {projectRoot} from '../../toolchains/project.js'

export default class ToolchainInstall extends TckCommand {
  static override summary = 'Install toolchains into the machine-wide cache (once per machine, shared by every project).'
  static override description =
    'A spec is NAME[@VERSION] or SOURCE:NAME[@VERSION]; VERSION is latest (default), 18, 18.1 or 18.1.8. Sources are plugins: http (metadata files with URLs and SHA-256), npm (packages on your npm registry), debian (your apt sources). Archives are verified before anything is extracted; concurrent installs of one toolchain download it once.'
  static override examples = [
    '<%= config.bin %> toolchain install llvm@18',
    '<%= config.bin %> toolchain install npm:zig',
    '<%= config.bin %> toolchain install debian:tcc --json',
    'TCK_OFFLINE=1 <%= config.bin %> toolchain install llvm@18.1.8',
  ]
  static override strict = false
  static override args = {spec: Args.string({description: 'Toolchains to install, e.g. llvm@18', required: true})}
  static override flags = {
    platform: Flags.string({description: 'Install for this platform instead of this machine\'s (e.g. linux-arm64-glibc)'}),
    offline: Flags.boolean({description: 'Use only downloads already in the cache (also TCK_OFFLINE=1)'}),
  }

  async run() {
    const {argv, flags} = await this.parse(ToolchainInstall)
    if (flags.offline) process.env.TCK_OFFLINE = '1'
    const host = await this.host(flags)
    const project = projectRoot(flags.cwd ?? process.cwd())
    // Ctrl-C stops the download and removes the half-made toolchain; the partial file stays for resuming.
    const interrupt = new AbortController()
    process.once('SIGINT', () => interrupt.abort())
    const results = []
    for (const spec of argv as string[]) {
      const {toolchain, installed} = await installToolchain(host.registries, spec, {platform: flags.platform, project, signal: interrupt.signal})
      if (!this.jsonEnabled()) {
        this.log(`${installed ? 'installed' : 'already installed'}: ${toolchain.name} ${toolchain.version} (${toolchain.source}, ${toolchain.platform}) in ${toolchain.root}`)
      }
      results.push({...toolchain, installed})
    }
    return {toolchains: results}
  }
}
