import {Args, Flags} from '@oclif/core'
import {TckCommand} from '../../command.js'
import {hostPlatform} from '../../io/platform.js'
import {searchToolchains} from '../../toolchains/search.js'

export default class ToolchainSearch extends TckCommand {
  static override summary = 'Show the toolchains the sources offer for this platform.'
  static override description = 'Asks every toolchain source plugin (http metadata, npm, debian, ...) what it has whose name contains QUERY.'
  static override examples = ['<%= config.bin %> toolchain search', '<%= config.bin %> toolchain search llvm', '<%= config.bin %> toolchain search gcc --platform linux-arm64-glibc --json']
  static override args = {query: Args.string({description: 'Part of a toolchain name (default: everything)'})}
  static override flags = {
    platform: Flags.string({description: 'Platform to search for (default: this machine\'s)'}),
    source: Flags.string({description: 'Ask only this source (http, npm, debian, ...)'}),
  }

  async run() {
    const {args, flags} = await this.parse(ToolchainSearch)
    const host = await this.host(flags)
    const platform = flags.platform ?? hostPlatform().id
    const {candidates, problems} = await searchToolchains(host.registries, args.query ?? '', platform, flags.source)
    if (!this.jsonEnabled()) {
      if (candidates.length === 0) this.log(`nothing matches "${args.query ?? ''}" for ${platform}`)
      const spec = Math.max(0, ...candidates.map((candidate) => candidate.source.length + candidate.name.length + 1))
      const version = Math.max(0, ...candidates.map((candidate) => candidate.version.length))
      for (const candidate of candidates) {
        this.log(`${`${candidate.source}:${candidate.name}`.padEnd(spec)}  ${candidate.version.padEnd(version)}  ${candidate.description ?? ''}`)
      }
      for (const problem of problems) this.logToStderr(`tck: warning: source ${problem.source}: ${problem.message}`)
    }
    return {platform, candidates, problems}
  }
}
