/**
 * The first-party plugins tck ships inside its own package (its `bundleDependencies`), each with
 * the short names it declares. This is the one alias table: a plugin joins it by being bundled
 * and declaring `"tck": {"shortNames": [...]}` in its package.json; its oclif short name
 * (`@tck/plugin-compiler-clang` → `compiler-clang`) always counts.
 */
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {distance} from 'fastest-levenshtein'
import {TckError} from '../errors.js'

export const SCOPE_PREFIX = '@tck/plugin-'

export interface ShippedPlugin {
  name: string
  version: string
  description: string
  /** The oclif short name first, then the declared ones. */
  shortNames: string[]
  /** Where it lives inside tck's own package. */
  root: string
  /** Loaded by default (listed in tck's `oclif.plugins`): nothing to add. */
  bundled: boolean
  /** Commands it adds (from its oclif manifest), for "did you mean". */
  commands: string[]
}

interface HostPackage {
  bundleDependencies?: string[]
  bundledDependencies?: string[]
  oclif?: {plugins?: string[]}
}

interface PluginPackage {
  name: string
  version: string
  description?: string
  tck?: {shortNames?: string[]}
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(file, 'utf8')) as T

function commandsOf(root: string): string[] {
  const manifest = join(root, 'oclif.manifest.json')
  if (!existsSync(manifest)) return []
  const {commands} = readJson<{commands: Record<string, {aliases?: string[]}>}>(manifest)
  return Object.entries(commands).flatMap(([id, command]) => [id, ...(command.aliases ?? [])]).map((id) => id.replaceAll(':', ' '))
}

/** Every first-party plugin in the tck package at `tckRoot`, in the order tck's package.json lists them. */
export function shippedPlugins(tckRoot: string, host: HostPackage = readJson(join(tckRoot, 'package.json'))): ShippedPlugin[] {
  const bundled = new Set(host.oclif?.plugins ?? [])
  const names = (host.bundleDependencies ?? host.bundledDependencies ?? []).filter((name) => name.startsWith(SCOPE_PREFIX))
  const plugins = names.map((name): ShippedPlugin => {
    const root = join(tckRoot, 'node_modules', name)
    const pjson = readJson<PluginPackage>(join(root, 'package.json'))
    const declared = pjson.tck?.shortNames ?? []
    return {
      name,
      version: pjson.version,
      description: pjson.description ?? '',
      shortNames: [...new Set([name.slice(SCOPE_PREFIX.length), ...declared])],
      root,
      bundled: bundled.has(name),
      commands: commandsOf(root),
    }
  })
  checkUnambiguous(plugins)
  return plugins
}

/** A short name that meant two plugins would install whichever came first: refuse the table instead. */
function checkUnambiguous(plugins: ShippedPlugin[]): void {
  const owner = new Map<string, string>()
  for (const plugin of plugins) {
    for (const short of plugin.shortNames) {
      const other = owner.get(short)
      if (other && other !== plugin.name) {
        throw new TckError('PLUGIN_CONFLICT', `the short name "${short}" is declared by both ${other} and ${plugin.name}`, {
          hint: 'Each first-party plugin must declare distinct tck.shortNames in its package.json.',
        })
      }
      owner.set(short, plugin.name)
    }
  }
}

/** The shipped plugin a short name or a full `@tck/plugin-*` name means, if any. */
export function findShipped(plugins: ShippedPlugin[], wanted: string): ShippedPlugin | undefined {
  return plugins.find((plugin) => plugin.name === wanted || plugin.shortNames.includes(wanted))
}

/** Candidates close enough to `typed` to be a typo of it, nearest first. */
export function closest(typed: string, candidates: Iterable<string>): string[] {
  // Levenshtein counts a swap of two letters (biuld) as two edits.
  const limit = typed.length <= 3 ? 1 : Math.max(2, Math.floor(typed.length / 3))
  return [...new Set(candidates)]
    .map((candidate) => ({candidate, cost: distance(typed, candidate)}))
    .filter(({candidate, cost}) => cost <= limit || (typed.length >= 3 && candidate.startsWith(typed)))
    .sort((a, b) => a.cost - b.cost || a.candidate.localeCompare(b.candidate))
    .map(({candidate}) => candidate)
}
