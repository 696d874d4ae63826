/** Opens the store's levels from `cache.levels` (default: one local `fs` level in the cache dir). */
import type {CacheLevel, CacheProvider} from '../contracts/cache.js'
import type {TckConfig} from '../config/schema.js'
import {PluginError, TckError} from '../errors.js'
import {log} from '../log.js'
import type {Registries} from '../registries.js'
import {cacheRoot} from '../io/dirs.js'
import {Store, type StoreOptions} from './store.js'

export const DEFAULT_LEVEL = 'fs'

type LevelConfig = Record<string, unknown> & {provider: string; readOnly: boolean}

/**
 * Configured levels, else the local one, followed by a remote one when TCK_REMOTE_CACHE_URL is set
 * and a provider named `http` is installed: CI can share a cache without editing the project.
 */
export function levelConfigs(config: TckConfig, registries: Registries, env: NodeJS.ProcessEnv = process.env): LevelConfig[] {
  if (config.cache) return config.cache.levels
  const levels: LevelConfig[] = [{provider: DEFAULT_LEVEL, readOnly: false, dir: cacheRoot(env)}]
  if (env.TCK_REMOTE_CACHE_URL) {
    if (registries.cacheProvider.has('http')) levels.push({provider: 'http', readOnly: false})
    else log.warn('TCK_REMOTE_CACHE_URL is set but no cache provider "http" is installed; add it with `tck plugins add cache-http`')
  }
  return levels
}

/** A misspelt option would otherwise be ignored and its default used in silence. */
function checkOptions(provider: CacheProvider, entry: LevelConfig, index: number): void {
  if (!provider.options) return
  const known = new Set(['provider', 'readOnly', ...provider.options])
  const unknown = Object.keys(entry).find((key) => !known.has(key))
  if (unknown === undefined) return
  throw new TckError('CONFIG_INVALID', `cache.levels[${index}].${unknown}: the "${entry.provider}" provider has no option "${unknown}"`, {
    hint: `Its options: ${['readOnly', ...provider.options].join(', ')}.`,
  })
}

/** A level's settings are the user's config: a provider's CONFIG_INVALID is reported as such, naming the entry. */
async function openLevel(registries: Registries, provider: string, settings: Record<string, unknown>, index: number): Promise<CacheLevel> {
  try {
    return await registries.cacheProvider.get(provider).open(settings)
  } catch (error) {
    const cause = error instanceof PluginError ? error.cause : error
    if (!(cause instanceof TckError) || cause.code !== 'CONFIG_INVALID') throw error
    throw new TckError('CONFIG_INVALID', `cache.levels[${index}]: ${cause.message}`, {cause, hint: cause.hint})
  }
}

export async function openStore(config: TckConfig, registries: Registries, options: StoreOptions = {}): Promise<Store> {
  const levels: CacheLevel[] = []
  // Without configured levels and without the bundled fs provider (a bare engine in a test), build uncached.
  if (!config.cache && !registries.cacheProvider.has(DEFAULT_LEVEL)) return new Store(levels, options)
  for (const [index, entry] of levelConfigs(config, registries).entries()) {
    if (!registries.cacheProvider.has(entry.provider)) {
      throw new TckError('PROVIDER_NOT_FOUND', `cache.levels[${index}]: no cache provider named "${entry.provider}"`, {
        hint: `Add the plugin that provides it, e.g. tck plugins add cache-${entry.provider}`,
      })
    }
    checkOptions(registries.cacheProvider.get(entry.provider), entry, index)
    const settings = entry.provider === DEFAULT_LEVEL && entry.dir === undefined ? {...entry, dir: cacheRoot()} : entry
    levels.push(await openLevel(registries, entry.provider, settings, index))
  }
  return new Store(levels, options)
}
