import {Args} from '@oclif/core'
import {BookCommand} from '../../../command.js'
import {removeCheckpoint} from '../../../checkpoint/checkpoints.js'
import {checkpointFlags} from '../../../checkpoint/flags.js'
import {checkpointTarget} from '../../../checkpoint/open.js'

export default class CheckpointRemove extends BookCommand {
  static override summary = 'Remove a checkpoint.'
  static override args = {name: Args.string({description: 'The checkpoint', required: true})}
  static override flags = checkpointFlags

  async run() {
    const {args, flags} = await this.parse(CheckpointRemove)
    const target = await checkpointTarget(await this.api(), this.config, flags)
    await removeCheckpoint(target.stateDir, args.name)
    if (!this.jsonEnabled()) this.log(`removed checkpoint ${args.name}`)
    return {removed: args.name}
  }
}
