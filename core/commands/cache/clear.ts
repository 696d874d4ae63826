import {TckCommand} from '../../command.js'
import {clearStore} from '../../store/maintenance.js'
import {openStore} from '../../store/open.js'

export default class CacheClear extends TckCommand {
  static override summary = 'Remove every entry and counter from each writable cache level.'
  static override description = 'Read-only levels and levels that cannot be cleared (a remote HTTP cache) are left as they are.'
  static override examples = ['<%= config.bin %> cache clear', '<%= config.bin %> cache clear --json']

  async run() {
    const {flags} = await this.parse(CacheClear)
    const host = await this.host(flags)
    const store = await openStore(host.config, host.registries)
    try {
      const levels = await clearStore(store)
      for (const level of levels) this.log(`${level.level}: ${level.cleared ? 'cleared' : 'left as is (read-only or cannot be cleared)'}`)
      return {levels}
    } finally {
      await store.close()
    }
  }
}
