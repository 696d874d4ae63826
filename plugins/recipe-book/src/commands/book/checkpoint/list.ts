import {BookCommand} from '../../../command.js'
import {listCheckpoints} from '../../../checkpoint/checkpoints.js'
import {checkpointFlags} from '../../../checkpoint/flags.js'
import {checkpointTarget} from '../../../checkpoint/open.js'

export default class CheckpointList extends BookCommand {
  static override summary = "List the checkpoints of a book's target root."
  static override flags = checkpointFlags

  async run() {
    const {flags} = await this.parse(CheckpointList)
    const target = await checkpointTarget(await this.api(), this.config, flags)
    const checkpoints = (await listCheckpoints(target.stateDir)).map(({entries, ...shown}) => shown)
    if (!this.jsonEnabled()) {
      if (checkpoints.length === 0) this.log(`book ${target.book}: no checkpoints`)
      for (const checkpoint of checkpoints) this.log(`${checkpoint.name}  ${checkpoint.createdAt}  ${checkpoint.files} files  ${checkpoint.packages.length} packages  ${checkpoint.root}`)
    }
    return {book: target.book, checkpoints}
  }
}
