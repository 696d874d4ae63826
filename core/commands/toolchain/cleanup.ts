import {Flags} from '@oclif/core'
import {TckCommand} from '../../command.js'
import {cleanup, parseDuration, parseSize} from '../../toolchains/cleanup.js'

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`

export default class ToolchainCleanup extends TckCommand {
  static override summary = 'Remove toolchains nobody uses any more, their cached downloads, and what failed installs left behind.'
  static override description = 'Criteria combine: a toolchain goes when any applies. --max-size removes the least recently used ones until the rest fits. With --unused or --older-than, cached downloads that no remaining toolchain was made from go too (they are fetched again when needed).'
  static override examples = [
    '<%= config.bin %> toolchain cleanup --older-than 30d --dry-run',
    '<%= config.bin %> toolchain cleanup --unused',
    '<%= config.bin %> toolchain cleanup --max-size 10G --json',
  ]
  static override flags = {
    'older-than': Flags.string({description: 'Remove toolchains last used longer ago than this (30d, 12h, 2w)'}),
    unused: Flags.boolean({description: 'Remove toolchains no existing project uses'}),
    'max-size': Flags.string({description: 'Keep the total under this size (500M, 10G)'}),
    'dry-run': Flags.boolean({description: 'Only say what would be removed'}),
  }

  async run() {
    const {flags} = await this.parse(ToolchainCleanup)
    const plan = await cleanup({
      olderThanMs: flags['older-than'] ? parseDuration(flags['older-than']) : undefined,
      unused: flags.unused,
      maxBytes: flags['max-size'] ? parseSize(flags['max-size']) : undefined,
      dryRun: flags['dry-run'],
    })
    if (!this.jsonEnabled()) {
      const verb = plan.dryRun ? 'would remove' : 'removed'
      for (const {toolchain, reasons} of plan.remove) this.log(`${verb} ${toolchain.name} ${toolchain.version} (${mib(toolchain.size)}): ${reasons.join('; ')}`)
      for (const path of plan.leftovers) this.log(`${verb} leftover ${path}`)
      for (const file of plan.downloads) this.log(`${verb} cached download ${file.path} (${mib(file.size)})`)
      this.log(`${verb} ${plan.remove.length} toolchain(s), ${mib(plan.freedBytes)}; kept ${plan.keep.length}`)
    }
    return {
      dryRun: plan.dryRun,
      removed: plan.remove.map(({toolchain, reasons}) => ({key: toolchain.key, name: toolchain.name, version: toolchain.version, size: toolchain.size, reasons})),
      kept: plan.keep.map((toolchain) => toolchain.key),
      leftovers: plan.leftovers,
      downloads: plan.downloads,
      freedBytes: plan.freedBytes,
    }
  }
}
