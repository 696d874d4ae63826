import {TckCommand} from '../../command.js'
import {storeStats} from '../../store/maintenance.js'
import {openStore} from '../../store/open.js'
import {formatSize} from '../../store/size.js'

export default class CacheStats extends TckCommand {
  static override summary = 'Show what each cache level holds: entries, bytes and the action hit rate.'
  static override description =
    'Levels come from `cache.levels` in tck.config.* (default: the local store in $TCK_CACHE_DIR or $XDG_CACHE_HOME/tck). ' +
    'Hits and misses count action lookups by every build that used the level (a task whose outputs are still in place as its last build left them asks no level); a damaged entry found on read is never returned: it is counted as corrupt and removed (kept on a read-only level). ' +
    'Temp files are writes in progress, or left by writers that died (`tck cache gc` removes those).'
  static override examples = ['<%= config.bin %> cache stats', '<%= config.bin %> cache stats --json']

  async run() {
    const {flags} = await this.parse(CacheStats)
    const host = await this.host(flags)
    const store = await openStore(host.config, host.registries)
    try {
      const levels = await storeStats(store)
      for (const level of levels) {
        this.log(`${level.level}${level.readOnly ? ' (read-only)' : ''}`)
        if (!level.supported) this.log('  (this level keeps no statistics)')
        else if (level.error) this.log(`  unavailable: ${level.error}`)
        else {
          const rate = level.hitRate === undefined ? 'no lookups yet' : `${(level.hitRate * 100).toFixed(1)}%`
          this.log(`  entries  ${level.entries}`)
          this.log(`  size     ${formatSize(level.bytes ?? 0)}`)
          this.log(`  hits     ${level.hits} / ${(level.hits ?? 0) + (level.misses ?? 0)} lookups (${rate})`)
          if (level.temp) {
            const stale = level.temp.stale ? `, ${level.temp.stale} left by writers that died (\`tck cache gc\` removes them)` : ''
            this.log(`  temp     ${level.temp.entries} in tmp/ (${formatSize(level.temp.bytes)})${stale}`)
          }
          if (level.corrupt) this.log(`  corrupt  ${level.corrupt} entries found damaged${level.readOnly ? ' (kept: the level is read-only)' : ' and removed'}`)
        }
      }
      return {levels}
    } finally {
      await store.close()
    }
  }
}
