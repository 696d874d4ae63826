import {Args} from '@oclif/core'
import {BookCommand} from '../../../command.js'
import {createCheckpoint, listCheckpoints} from '../../../checkpoint/checkpoints.js'
import {checkpointFlags} from '../../../checkpoint/flags.js'
import {checkpointTarget} from '../../../checkpoint/open.js'

export default class CheckpointCreate extends BookCommand {
  static override summary = "Snapshot a book's target root (reflinks or hardlinks where possible), with the digest of every file."
  static override examples = ['<%= config.bin %> book checkpoint create', '<%= config.bin %> book checkpoint create before-gcc']
  static override args = {name: Args.string({description: 'Its name (default: after-<the last package merged>)'})}
  static override flags = checkpointFlags

  async run() {
    const {args, flags} = await this.parse(CheckpointCreate)
    const target = await checkpointTarget(await this.api(), this.config, flags)
    const taken = new Set((await listCheckpoints(target.stateDir)).map((checkpoint) => checkpoint.name))
    const base = `after-${(target.lastMerged ?? 'nothing').replace(/:/g, '.')}`
    let name = args.name ?? base
    for (let count = 2; !args.name && taken.has(name); count++) name = `${base}-${count}`
    const checkpoint = await createCheckpoint(target.stateDir, target.root, name)
    const {entries, ...shown} = checkpoint
    if (!this.jsonEnabled()) {
      const how = Object.entries(checkpoint.methods).filter(([, count]) => count > 0).map(([method, count]) => `${count} by ${method}`).join(', ')
      this.log(`checkpoint ${name}: ${checkpoint.files} files (${how || 'none'}), ${checkpoint.packages.length} packages, of ${target.root}`)
    }
    return shown
  }
}
