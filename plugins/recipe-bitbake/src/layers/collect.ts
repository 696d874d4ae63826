/**
 * Which recipe files a configuration builds, as BitBake collects them: BBFILES entries in layer
 * priority order (a directory is walked, a pattern globbed and sorted), BBMASK regular
 * expressions dropping paths, .bbappend files matched to recipes by name (`%` matching any
 * version), and each file's collection (layer) and priority from BBFILE_PATTERN_*.
 */
import {readdirSync, statSync} from 'node:fs'
import {basename, join} from 'node:path'
import {glob} from './glob.js'

export interface LayerConfig {
  values: Record<string, string | null>
}

export interface Collection {
  name: string
  pattern: RegExp
  patternText: string
  priority: number
}

export interface CollectedFiles {
  recipes: string[]
  appends: Array<[name: string, file: string]>
  masked: number
  collections: Collection[]
}

/** A python regular expression as JavaScript reads it (named groups, \Z). */
export function pyRegExp(source: string, flags = ''): RegExp {
  return new RegExp(source.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>').replace(/\\Z/g, '$'), flags)
}

export function collections(config: LayerConfig): Collection[] {
  const found: Collection[] = []
  for (const name of (config.values.BBFILE_COLLECTIONS ?? '').split(/\s+/).filter(Boolean)) {
    const patternText = config.values[`BBFILE_PATTERN_${name}`] ?? ''
    const priority = Number.parseInt(config.values[`BBFILE_PRIORITY_${name}`] ?? '0', 10) || 0
    found.push({name, patternText, pattern: pyRegExp(`^(?:${patternText})`), priority})
  }
  // The longest pattern text first (BitBake sorts by the text, descending), so nested layers win.
  return found.sort((a, b) => (a.patternText < b.patternText ? 1 : a.patternText > b.patternText ? -1 : 0))
}

export function fileCollection(file: string, list: Collection[]): Collection | undefined {
  return list.find((c) => c.pattern.test(file))
}

function walk(dir: string, out: string[]) {
  let names: string[] = []
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const name of names) {
    const path = join(dir, name)
    let directory = false
    try {
      directory = statSync(path).isDirectory()
    } catch {
      continue
    }
    if (directory) {
      if (!['SCCS', 'CVS', '.svn'].includes(name)) walk(path, out)
    } else if (name.endsWith('.bb') || name.endsWith('.bbappend')) out.push(path)
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory()
  } catch {
    return false
  }
}

export function collectFiles(config: LayerConfig): CollectedFiles {
  const list = collections(config)
  const entries = (config.values.BBFILES ?? '').split(/\s+/).filter(Boolean)
  const priority = (entry: string) => fileCollection(entry, list)?.priority ?? 0
  const ordered = entries.map((entry, index) => ({entry, index})).sort((a, b) => priority(a.entry) - priority(b.entry) || a.index - b.index)
  const seen = new Set<string>()
  const files: string[] = []
  const add = (file: string) => {
    if (!seen.has(file)) {
      seen.add(file)
      files.push(file)
    }
  }
  for (const {entry} of ordered) {
    if (isDirectory(entry)) {
      const found: string[] = []
      walk(entry, found)
      found.forEach(add)
    } else {
      const matched = glob(entry)
      if (matched.length === 0 && !/[*?[]/.test(entry) && isDirectory(entry) === false) {
        try {
          statSync(entry)
          matched.push(entry)
        } catch {}
      }
      matched.forEach(add)
    }
  }
  const masks = (config.values.BBMASK ?? '').split(/\s+/).filter(Boolean).map((mask) => (mask.startsWith('|') ? mask.slice(1) : mask))
  const valid = masks.filter((mask) => {
    try {
      pyRegExp(mask)
      return true
    } catch {
      return false
    }
  })
  const mask = valid.length > 0 ? pyRegExp(valid.join('|')) : undefined
  const recipes: string[] = []
  const appends: Array<[string, string]> = []
  let masked = 0
  for (const file of files) {
    if (mask && mask.test(file)) {
      masked++
      continue
    }
    if (file.endsWith('.bb')) recipes.push(file)
    else if (file.endsWith('.bbappend')) appends.push([basename(file).replace('.bbappend', '.bb'), file])
  }
  return {recipes, appends, masked, collections: list}
}

/** The .bbappend files of a recipe, in collection order; `%` in an append's name matches any rest. */
export function appendsFor(recipe: string, appends: Array<[string, string]>): string[] {
  const name = basename(recipe)
  return appends
    .filter(([append]) => append === name || (append.includes('%') && append.startsWith(name.slice(0, append.indexOf('%')))))
    .map(([, file]) => file)
}

/**
 * LAYERDEPENDS_<collection>: every layer a layer needs must be enabled, at the version asked
 * (`core (>= 12)`, compared with LAYERVERSION_<core> numerically). BitBake refuses to parse
 * otherwise; the messages say which layer needs which.
 */
export function layerDependencyProblems(config: LayerConfig): string[] {
  const names = (config.values.BBFILE_COLLECTIONS ?? '').split(/\s+/).filter(Boolean)
  const problems: string[] = []
  for (const name of names) {
    const text = (config.values[`LAYERDEPENDS_${name}`] ?? '').replace(/,/g, ' ')
    const pattern = /(\S+)(?:\s*\(\s*(<=|>=|=|==|<|>)\s*([^)\s]+)\s*\))?/g
    for (const [, dependency, op, version] of text.matchAll(pattern)) {
      if (!names.includes(dependency)) {
        problems.push(`Layer '${name}' depends on layer '${dependency}', but this layer is not enabled in your configuration (BBLAYERS)`)
        continue
      }
      if (!op) continue
      const have = config.values[`LAYERVERSION_${dependency}`]
      const ok = have !== undefined && have !== null && compareLayerVersion(have, op, version)
      if (!ok) problems.push(`Layer '${name}' depends on version ${op} ${version} of layer '${dependency}', which is at version ${have ?? '(no LAYERVERSION)'}`)
    }
  }
  return problems
}

function compareLayerVersion(have: string, op: string, want: string): boolean {
  const a = Number(have)
  const b = Number(want)
  const order = Number.isFinite(a) && Number.isFinite(b) ? Math.sign(a - b) : have === want ? 0 : have < want ? -1 : 1
  return {'<=': order <= 0, '>=': order >= 0, '=': order === 0, '==': order === 0, '<': order < 0, '>': order > 0}[op] ?? false
}
