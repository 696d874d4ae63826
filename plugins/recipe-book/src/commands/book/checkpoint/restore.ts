import {Args} from '@oclif/core'
import {BookCommand} from '../../../command.js'
import {restoreCheckpoint} from '../../../checkpoint/checkpoints.js'
import {checkpointFlags} from '../../../checkpoint/flags.js'
import {checkpointTarget} from '../../../checkpoint/open.js'

export default class CheckpointRestore extends BookCommand {
  static override summary = "Put a checkpoint back as the book's target root, verified by the digest of every file."
  static override description =
    'The checkpoint is verified first (a damaged one restores nothing); the root is rebuilt beside the old one, verified, and swapped in ' +
    'by renames, so the old root or the restored one is always whole. Packages merged after the checkpoint are merged again by the next ' +
    'tck book build, from the cache.'
  static override examples = ['<%= config.bin %> book checkpoint restore after-glibc']
  static override args = {name: Args.string({description: 'The checkpoint', required: true})}
  static override flags = checkpointFlags

  async run() {
    const {args, flags} = await this.parse(CheckpointRestore)
    const target = await checkpointTarget(await this.api(), this.config, flags)
    const restored = await restoreCheckpoint(target.stateDir, target.root, args.name)
    if (!this.jsonEnabled()) this.log(`restored ${args.name} into ${target.root}: ${restored.verified} files verified`)
    const {entries, ...shown} = restored
    return shown
  }
}
