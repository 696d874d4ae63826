/**
 * `bitbake -p` for tck: the recipes of a build directory, each variant with its skip reason,
 * values and tasks — from the cache where nothing it read changed, from the python workers
 * otherwise. An unchanged tree's second parse starts no python and reads only stats and the
 * cache index; the details (every summary value, task flags) are read only when asked for.
 */
import {randomBytes} from 'node:crypto'
import {appendsFor, collectFiles, fileCollection, layerDependencyProblems} from './layers/collect.js'
import {StampChecker, stamp, type Stamp} from './cache/stamps.js'
import {cachePath, detailsPart, detailsPath, indexPart, newCache, readCache, readDetails, sha256, slim, type CacheFile, type Details} from './cache/store.js'
import {approvedEnvironment, evaluatorDigest} from './cache/keys.js'
import {Session, type ConfigResult, type Depends, type RecipeResult} from './session.js'

export {approvedEnvironment}

/** The configuration cannot be parsed as it is (a layer dependency missing, say). */
export class LayerConfigError extends Error {}

export interface ParseOptions {
  buildDir: string
  env?: NodeJS.ProcessEnv
  /** tck's cache root; no cache is read or written without it. */
  cacheRoot?: string
  jobs?: number
  python?: string
  timeoutMs?: number
  onProgress?: (done: number, total: number) => void
  /** An atomic write (tck's `api.atomicWriteFile`); the cache is written only with it. */
  writeFile?: (path: string, data: string) => Promise<void>
}

export interface ParseOutcome {
  config: ConfigResult
  recipes: RecipeResult[]
  masked: number
  cached: number
  parsed: number
  targets: number
  skipped: number
  errors: number
  /** Fills in every summary value and the tasks of recipes that came from the cache index. */
  complete(): Promise<RecipeResult[]>
}

/** Stamps now of what the worker read, or undefined if a file changed since it read it. */
function stampsOf(depends: Depends): Stamp[] | undefined {
  const stamps: Stamp[] = []
  for (const [path, mtimeNs, size] of depends) {
    const now = stamp(path)
    const fields = now.split('\0')
    if (mtimeNs !== undefined && (fields[1] === '-' || fields[1] !== String(size) || fields[2] !== String(mtimeNs))) return undefined
    stamps.push(now)
  }
  return stamps
}

export async function parseLayers(options: ParseOptions): Promise<ParseOutcome> {
  const env = options.env ?? process.env
  const configKey = sha256(JSON.stringify({evaluator: evaluatorDigest(), buildDir: options.buildDir, env: approvedEnvironment(env), uid: process.getuid?.()}))
  const file = options.cacheRoot ? cachePath(options.cacheRoot, options.buildDir) : undefined
  const checker = new StampChecker()
  let cache: CacheFile | undefined = file ? readCache(file, configKey) : undefined
  if (cache && !checker.holds(cache.configStamps)) cache = undefined
  const session = new Session({buildDir: options.buildDir, env, jobs: options.jobs, python: options.python, timeoutMs: options.timeoutMs})
  try {
    let config = cache?.config
    if (!config) {
      config = await session.configure()
      cache = newCache(configKey, config, stampsOf(config.depends) ?? [])
    }
    const previous = cache!
    const problems = layerDependencyProblems(config)
    if (problems.length > 0) throw new LayerConfigError(problems.join('\n'))
    const collected = collectFiles(config)
    const recipeKey = (recipe: string) => sha256(JSON.stringify([configKey, recipe, appendsFor(recipe, collected.appends), fileCollection(recipe, collected.collections)?.name]))
    const results = new Map<string, RecipeResult>()
    const toParse: string[] = []
    for (const recipe of collected.recipes) {
      const entry = previous.recipes[recipe]
      if (entry && entry.key === recipeKey(recipe) && checker.holds(entry.stamps.map((index) => previous.stamps[index]))) results.set(recipe, entry.result)
      else toParse.push(recipe)
    }
    const cached = results.size
    if (toParse.length > 0) {
      if (!session.collected) await session.configure()
      let done = 0
      await session.parseMany(toParse, (result) => {
        results.set(result.file, result)
        options.onProgress?.(++done, toParse.length)
      })
    }
    const fresh = new Set(toParse)
    const details = async (): Promise<Details> => (cached > 0 && file ? readDetails(file, previous.generation) ?? {} : {})
    const changed = toParse.length > 0 || Object.keys(previous.recipes).length !== collected.recipes.length
    if (file && changed && options.writeFile) {
      const old = await details()
      const [index, detail] = cacheFiles(previous, collected.recipes, results, fresh, recipeKey, old)
      await options.writeFile(detailsPath(file), detail)
      await options.writeFile(file, index)
    }
    const recipes = collected.recipes.map((recipe) => results.get(recipe)!)
    const variants = recipes.flatMap((recipe) => recipe.variants)
    return {
      config,
      recipes,
      masked: collected.masked,
      cached,
      parsed: toParse.length,
      targets: variants.length,
      skipped: variants.filter((variant) => variant.skipped !== null).length,
      errors: recipes.filter((recipe) => recipe.error).length,
      async complete() {
        if (cached === 0) return recipes
        const stored = await details()
        return recipes.map((recipe) =>
          fresh.has(recipe.file) ? recipe : {...recipe, variants: recipe.variants.map((variant) => ({...variant, ...stored[recipe.file]?.[variant.name]}))},
        )
      },
    }
  } finally {
    await session.close()
  }
}

/** The index and details files after this parse: kept entries re-indexed, fresh ones added. */
function cacheFiles(cache: CacheFile, recipes: string[], results: Map<string, RecipeResult>, fresh: Set<string>, key: (recipe: string) => string, oldDetails: Details): [string, string] {
  const kept: CacheFile['recipes'] = {}
  const details: Details = {}
  const table: Stamp[] = []
  const indexOf = new Map<Stamp, number>()
  const intern = (stamps: Stamp[]) =>
    stamps.map((s) => {
      let index = indexOf.get(s)
      if (index === undefined) {
        index = table.push(s) - 1
        indexOf.set(s, index)
      }
      return index
    })
  for (const recipe of recipes) {
    const result = results.get(recipe)!
    if (!fresh.has(recipe)) {
      const old = cache.recipes[recipe]
      if (old && oldDetails[recipe]) {
        kept[recipe] = {...old, stamps: intern(old.stamps.map((index) => cache.stamps[index]))}
        details[recipe] = oldDetails[recipe]
      }
      continue
    }
    const nocache = result.error !== undefined || result.variants.some((variant) => variant.values.BB_DONT_CACHE)
    const stamps = nocache ? undefined : stampsOf(result.depends)
    if (!stamps) continue
    const small = slim(result)
    kept[recipe] = {key: key(recipe), stamps: intern(stamps), result: indexPart(small)}
    details[recipe] = detailsPart(small)
  }
  const generation = randomBytes(8).toString('hex')
  return [JSON.stringify({...cache, recipes: kept, stamps: table, generation}), JSON.stringify({generation, recipes: details})]
}
