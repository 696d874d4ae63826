/** What `tck cache stats|gc|clear` do, level by level; a level without the feature is listed as such. */
import type {CacheStats} from '../contracts/cache.js'
import type {Store} from './store.js'

export interface LevelStats extends Partial<CacheStats> {
  level: string
  readOnly: boolean
  supported: boolean
  /** Action hits over lookups, 0..1; absent before the first lookup. */
  hitRate?: number
  error?: string
}

export async function storeStats(store: Store): Promise<LevelStats[]> {
  return Promise.all(
    store.levels.map(async (level) => {
      const base = {level: level.name, readOnly: level.readOnly, supported: Boolean(level.stats)}
      if (!level.stats) return base
      try {
        const stats = await level.stats()
        const lookups = stats.hits + stats.misses
        return {...base, ...stats, hitRate: lookups > 0 ? stats.hits / lookups : undefined}
      } catch (error) {
        return {...base, error: (error as Error).message}
      }
    }),
  )
}

export async function collectStoreGarbage(store: Store, maxBytes: number) {
  const results = []
  for (const level of store.levels) {
    if (!level.gc || level.readOnly) {
      results.push({level: level.name, supported: false, removed: 0, freedBytes: 0, removedTemp: 0})
      continue
    }
    results.push({level: level.name, supported: true, removedTemp: 0, ...(await level.gc(maxBytes))})
  }
  return results
}

export async function clearStore(store: Store) {
  const results = []
  for (const level of store.levels) {
    const supported = Boolean(level.clear) && !level.readOnly
    if (supported) await level.clear!()
    results.push({level: level.name, cleared: supported})
  }
  return results
}
