/**
 * `bitbake -p` for tck: the recipes of a build directory, each variant with its skip reason,
 * values and tasks — from the cache where nothing it read changed, from the python workers
 * otherwise. An unchanged tree's second parse starts no python and reads only stats and the cache.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {appendsFor, collectFiles, fileCollection} from './layers/collect.js'
import {StampChecker, stamp, type Stamp} from './cache/stamps.js'
import {cachePath, newCache, readCache, sha256, slim, type CacheFile} from './cache/store.js'
import {pythonDir} from './python/worker.js'
import {Session, type ConfigResult, type Depends, type RecipeResult} from './session.js'

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
}

/** The environment variables BitBake lets into the datastore (and so into the cache key). */
export function approvedEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  const exported = ['BB_TASKHASH', 'HOME', 'LOGNAME', 'PATH', 'PWD', 'SHELL', 'USER', 'LC_ALL', 'BBSERVER']
  let approved: string[]
  if ('BB_PRESERVE_ENV' in env) approved = Object.keys(env)
  else {
    approved = env.BB_ENV_PASSTHROUGH ? [...env.BB_ENV_PASSTHROUGH.split(/\s+/), 'BB_ENV_PASSTHROUGH'] : ['BBPATH', 'BB_PRESERVE_ENV', 'BB_ENV_PASSTHROUGH_ADDITIONS', ...exported]
    if (env.BB_ENV_PASSTHROUGH_ADDITIONS) approved.push(...env.BB_ENV_PASSTHROUGH_ADDITIONS.split(/\s+/), 'BB_ENV_PASSTHROUGH_ADDITIONS')
  }
  return Object.fromEntries(approved.filter((name) => env[name] !== undefined).sort().map((name) => [name, env[name]!]))
}

let codeDigest: string | undefined
/** The evaluator's own code is part of every key: a new tck parses again. */
function evaluatorDigest(): string {
  if (codeDigest) return codeDigest
  const parts: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir, {withFileTypes: true}).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (name.isDirectory() && name.name !== '__pycache__') walk(join(dir, name.name))
      else if (name.name.endsWith('.py')) parts.push(name.name, readFileSync(join(dir, name.name), 'utf8'))
    }
  }
  walk(pythonDir)
  codeDigest = sha256(parts.join('\0'))
  return codeDigest
}

function stampsOf(depends: Depends): Stamp[] | undefined {
  const stamps: Stamp[] = []
  for (const [path, mtimeNs, size] of depends) {
    const now = stamp(path)
    const fields = now.split('\0')
    // A file that changed between the worker reading it and now: do not cache what was read.
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
      const configStamps = stampsOf(config.depends) ?? []
      cache = newCache(configKey, config, configStamps)
    }
    const collected = collectFiles(config)
    const recipeKey = (recipe: string) => sha256(JSON.stringify([configKey, recipe, appendsFor(recipe, collected.appends), fileCollection(recipe, collected.collections)?.name]))
    const results = new Map<string, RecipeResult>()
    const toParse: string[] = []
    for (const recipe of collected.recipes) {
      const entry = cache!.recipes[recipe]
      if (entry && entry.key === recipeKey(recipe) && checker.holds(entry.stamps.map((index) => cache!.stamps[index]))) results.set(recipe, entry.result)
      else toParse.push(recipe)
    }
    const cached = results.size
    const changed = toParse.length > 0 || Object.keys(cache!.recipes).length !== collected.recipes.length
    if (toParse.length > 0) {
      if (!session.collected) await session.configure()
      let done = 0
      await session.parseMany(toParse, (result) => {
        results.set(result.file, result)
        options.onProgress?.(++done, toParse.length)
      })
    }
    if (file && changed && options.writeFile) await options.writeFile(file, cacheText(cache!, collected.recipes, results, toParse, recipeKey))
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
    }
  } finally {
    await session.close()
  }
}

function cacheText(cache: CacheFile, recipes: string[], results: Map<string, RecipeResult>, fresh: string[], key: (recipe: string) => string): string {
  const kept: CacheFile['recipes'] = {}
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
  const freshSet = new Set(fresh)
  for (const recipe of recipes) {
    const result = results.get(recipe)!
    if (!freshSet.has(recipe)) {
      const old = cache.recipes[recipe]
      if (old) kept[recipe] = {...old, stamps: intern(old.stamps.map((index) => cache.stamps[index]))}
      continue
    }
    const nocache = result.error !== undefined || result.variants.some((variant) => variant.values.BB_DONT_CACHE)
    const stamps = nocache ? undefined : stampsOf(result.depends)
    if (stamps) kept[recipe] = {key: key(recipe), stamps: intern(stamps), result: slim(result)}
  }
  return JSON.stringify({...cache, recipes: kept, stamps: table})
}
