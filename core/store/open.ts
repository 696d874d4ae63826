/** Opens the store's levels from `cache.levels` (default: one local `fs` level in the cache dir). */
import type {CacheLevel} from '../contracts/cache.js'
import type {TckConfig} from '../config/schema.js'
import {TckError} from '../errors.js'
import type {Registries} from '../registries.js'
import {defaultCacheDir} from './location.js'
import {Store, type StoreOptions} from './store.js'

export const DEFAULT_LEVEL = 'fs'

export function levelConfigs(config: TckConfig): Array<Record<string, unknown> & {provider: string; readOnly: boolean}> {
  return config.cache?.levels ?? [{provider: DEFAULT_LEVEL, readOnly: false, dir: defaultCacheDir()}]
}

export async function openStore(config: TckConfig, registries: Registries, options: StoreOptions = {}): Promise<Store> {
  const levels: CacheLevel[] = []
  // Without configured levels and without the bundled fs provider (a bare engine in a test), build uncached.
  if (!config.cache && !registries.cacheProvider.has(DEFAULT_LEVEL)) return new Store(levels, options)
  for (const [index, entry] of levelConfigs(config).entries()) {
    if (!registries.cacheProvider.has(entry.provider)) {
      throw new TckError('PROVIDER_NOT_FOUND', `cache.levels[${index}]: no cache provider named "${entry.provider}"`, {
        hint: `Add the plugin that provides it, e.g. tck plugins add cache-${entry.provider}`,
      })
    }
    const settings = entry.provider === DEFAULT_LEVEL && entry.dir === undefined ? {...entry, dir: defaultCacheDir()} : entry
    levels.push(await registries.cacheProvider.get(entry.provider).open(settings))
  }
  return new Store(levels, options)
}
