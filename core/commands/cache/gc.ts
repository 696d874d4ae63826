import {Flags} from '@oclif/core'
import {TckCommand} from '../../command.js'
import {collectStoreGarbage} from '../../store/maintenance.js'
import {openStore} from '../../store/open.js'
import {formatSize, parseSize} from '../../store/size.js'

export default class CacheGc extends TckCommand {
  static override summary = 'Shrink each writable cache level to a size, removing the least recently used entries first.'
  static override description =
    'Reading an entry marks it used, so what builds still need stays. Also removes the temp files in tmp/ left by writers that died mid-write (their process is gone, or the file is over an hour old).'
  static override examples = ['<%= config.bin %> cache gc --max-size 2G', '<%= config.bin %> cache gc --max-size 500M --json']
  static override flags = {
    'max-size': Flags.string({description: 'Size to shrink each level to: 2G, 500M, 1.5GiB or bytes', required: true}),
  }

  async run() {
    const {flags} = await this.parse(CacheGc)
    const maxBytes = parseSize(flags['max-size'], '--max-size')
    const host = await this.host(flags)
    const store = await openStore(host.config, host.registries)
    try {
      const levels = await collectStoreGarbage(store, maxBytes)
      for (const level of levels) {
        this.log(
          level.supported
            ? `${level.level}: removed ${level.removed} entries, freed ${formatSize(level.freedBytes)}` +
                (level.removedTemp ? `; removed ${level.removedTemp} temp files left by writers that died` : '')
            : `${level.level}: not collected (read-only or no eviction)`,
        )
      }
      return {maxBytes, levels}
    } finally {
      await store.close()
    }
  }
}
