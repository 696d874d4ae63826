/**
 * The parse cache of one build directory, in tck's cache root under `bitbake/`: the parsed
 * configuration with the stamps of every file it read, and per recipe file its key (file,
 * bbappends, layer, configuration), the stamps of every file its parse read or probed, and the
 * result (kept slim: the summary values and each task's scheduling flags). One JSON file,
 * written atomically; a damaged or foreign one is ignored and rewritten.
 */
import {readFileSync} from 'node:fs'
import {createHash} from 'node:crypto'
import {join} from 'node:path'
import type {ConfigResult, RecipeResult, VariantResult} from '../session.js'
import type {Stamp} from './stamps.js'

const SCHEMA = 3

export interface CachedRecipe {
  key: string
  /** Indices into CacheFile.stamps: most recipes read the same classes. */
  stamps: number[]
  result: RecipeResult
}

export interface CacheFile {
  schema: number
  configKey: string
  configStamps: Stamp[]
  config: ConfigResult
  recipes: Record<string, CachedRecipe>
  stamps: Stamp[]
  /** Names the details file written with this index. */
  generation: string
}

/** Task flags the engine schedules by; the rest (docs, sstate paths, ...) stay in the metadata. */
export const SCHEDULING_FLAGS = ['deps', 'depends', 'rdepends', 'deptask', 'rdeptask', 'recrdeptask', 'recideptask', 'mcdepends', 'noexec', 'nostamp', 'fakeroot', 'network', 'umask', 'dirs', 'cleandirs', 'python', 'func']

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

/** The index (configuration, keys, stamps, names and skip reasons) and, apart, the details. */
export function cachePath(cacheRoot: string, buildDir: string): string {
  return join(cacheRoot, 'bitbake', sha256(buildDir).slice(0, 32), 'index.json')
}

export function detailsPath(indexPath: string): string {
  return indexPath.replace(/index\.json$/, 'details.json')
}

/** The values every command needs from the index alone. */
export const INDEX_VALUES = ['PN', 'PV', 'PE', 'PR', 'DEFAULT_PREFERENCE', 'PROVIDES', 'FILE_LAYERNAME', 'EXCLUDE_FROM_WORLD']

export type Details = Record<string, Record<string, Pick<VariantResult, 'values' | 'tasks'>>>

/** The part of a result the index keeps; the rest goes to the details file. */
export function indexPart(result: RecipeResult): RecipeResult {
  return {
    ...result,
    variants: result.variants.map((variant) => ({
      ...variant,
      values: Object.fromEntries(INDEX_VALUES.map((name) => [name, variant.values[name]])),
      tasks: [],
    })),
  }
}

export function detailsPart(result: RecipeResult): Record<string, Pick<VariantResult, 'values' | 'tasks'>> {
  return Object.fromEntries(result.variants.map((variant) => [variant.name, {values: variant.values, tasks: variant.tasks}]))
}

export function readDetails(indexPath: string, generation: string): Details | undefined {
  try {
    const details = JSON.parse(readFileSync(detailsPath(indexPath), 'utf8'))
    return details.generation === generation ? details.recipes : undefined
  } catch {
    return undefined
  }
}

export function readCache(path: string, configKey: string): CacheFile | undefined {
  try {
    const cache = JSON.parse(readFileSync(path, 'utf8')) as CacheFile
    if (cache.schema !== SCHEMA || cache.configKey !== configKey || typeof cache.recipes !== 'object' || !Array.isArray(cache.stamps)) return undefined
    return cache
  } catch {
    return undefined
  }
}

export function newCache(configKey: string, config: ConfigResult, configStamps: Stamp[]): CacheFile {
  return {schema: SCHEMA, configKey, config, configStamps, recipes: {}, stamps: [], generation: ''}
}

/** What the cache keeps of a parse result. */
export function slim(result: RecipeResult): RecipeResult {
  return {
    ...result,
    depends: [],
    all: undefined,
    variants: result.variants.map((variant) => ({
      ...variant,
      inherits: [],
      tasks: variant.tasks.map((task) => ({
        name: task.name,
        flags: Object.fromEntries(Object.entries(task.flags).filter(([flag]) => SCHEDULING_FLAGS.includes(flag))),
      })),
    })),
  }
}
