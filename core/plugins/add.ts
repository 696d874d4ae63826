/**
 * `tck plugins add`: what a name means, then oclif's own install or link does it. A bare name is
 * only ever a first-party short name — never an unscoped npm package, which anyone may own.
 * A first-party plugin comes from inside tck (no network, nothing written outside the user's data
 * dir) unless the user's npm registry publishes a newer version.
 */
import type {Config} from '@oclif/core'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {TckError} from '../errors.js'
import {compareVersions} from '../toolchains/version.js'
import {closest, findShipped, type ShippedPlugin} from './catalog.js'
import type {RunPluginCommand} from './oclif.js'
import type {Published} from './registry.js'

export type AddPlan =
  | {action: 'bundled'; plugin: ShippedPlugin}
  | {action: 'link'; plugin: ShippedPlugin; note?: string}
  /** `fallback`: installing a newer first-party release (`version`); if it fails, the shipped one is added instead. */
  | {action: 'install'; spec: string; plugin?: ShippedPlugin; version?: string; note?: string; fallback?: boolean}

export interface PlanOptions {
  offline: boolean
  published: (name: string) => Promise<Published>
}

/** `name@tag`, where a leading `@` is the scope's. */
function splitTag(spec: string): {name: string; tag?: string} {
  const at = spec.indexOf('@', 1)
  return at < 0 ? {name: spec} : {name: spec.slice(0, at), tag: spec.slice(at + 1)}
}

function notFirstParty(name: string, catalog: ShippedPlugin[]): TckError {
  const near = closest(name, catalog.flatMap((plugin) => plugin.shortNames))
  return new TckError('PLUGIN_NOT_FOUND', `no first-party plugin is called "${name}"; nothing was installed`, {
    hint:
      `${near.length > 0 ? `Did you mean ${near.slice(0, 3).map((short) => `\`tck plugins add ${short}\``).join(' or ')}? ` : ''}` +
      '`tck plugins available` lists them. Add any other plugin by its full npm name (@scope/name) or a file: path.',
  })
}

export async function planAdd(spec: string, catalog: ShippedPlugin[], options: PlanOptions): Promise<AddPlan> {
  // A URL, a file: path or a GitHub slug is the user's own explicit choice: oclif installs it as given.
  if (spec.includes(':') || (spec.includes('/') && !spec.startsWith('@'))) return {action: 'install', spec}
  const {name, tag} = splitTag(spec)
  const plugin = findShipped(catalog, name)
  if (!plugin) {
    if (name.startsWith('@')) return {action: 'install', spec}
    throw notFirstParty(name, catalog)
  }
  if (plugin.bundled) return {action: 'bundled', plugin}
  if (tag) return {action: 'install', spec: `${plugin.name}@${tag}`, plugin}
  if (options.offline) return {action: 'link', plugin}
  const published = await options.published(plugin.name)
  if ('version' in published && compareVersions(published.version, plugin.version) > 0) {
    const note = `${plugin.name} ${published.version} on your npm registry is newer than the ${plugin.version} shipped with tck: installing it`
    return {action: 'install', spec: `${plugin.name}@${published.version}`, plugin, version: published.version, note, fallback: true}
  }
  if ('unreachable' in published) {
    return {action: 'link', plugin, note: `your npm registry did not answer (${published.unreachable}): adding the ${plugin.name} ${plugin.version} shipped with tck`}
  }
  return {action: 'link', plugin}
}

export interface Added {
  name: string
  version: string
  /** shipped: linked from inside tck; registry: installed by npm into the data dir; bundled: always there. */
  source: 'shipped' | 'registry' | 'bundled'
  root: string
  /** It was there before this command. */
  already?: boolean
}

const shipped = (plugin: ShippedPlugin): Added => ({name: plugin.name, version: plugin.version, source: 'shipped', root: plugin.root})

/** Carries out one plan with oclif's own commands. */
export async function carryOut(plan: AddPlan, config: Config, run: RunPluginCommand, installFlags: string[], note: (line: string) => void): Promise<Added> {
  if (plan.action === 'bundled') {
    return {...shipped(plan.plugin), source: 'bundled', already: true}
  }
  const existing = plan.plugin && config.plugins.get(plan.plugin.name)
  if (plan.action === 'install' && plan.plugin && existing?.type === 'user' && existing.version === plan.version) {
    return {name: existing.name, version: existing.version, source: 'registry', root: existing.root, already: true}
  }
  if (plan.note) note(plan.note)
  if (plan.action === 'install') {
    try {
      await run('plugins:install', [plan.spec, ...installFlags])
    } catch (error) {
      if (!plan.fallback || !plan.plugin) throw error
      note(`installing ${plan.spec} failed (${(error as Error).message.split('\n')[0]}): adding the ${plan.plugin.version} shipped with tck instead`)
      return carryOut({action: 'link', plugin: plan.plugin}, config, run, installFlags, note)
    }
    // oclif's command ran on a copy of the config: what it installed is read back from the data dir.
    if (!plan.plugin) return {name: plan.spec, version: '', source: 'registry', root: ''}
    const root = join(config.dataDir, 'node_modules', plan.plugin.name)
    const {version} = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as {version: string}
    return {name: plan.plugin.name, version, source: 'registry', root}
  }
  if (existing?.type === 'link' && existing.root === plan.plugin.root) {
    return {...shipped(plan.plugin), already: true}
  }
  // A copy an earlier add installed from the registry would linger in the data dir: take it out first.
  if (existing?.type === 'user') await run('plugins:uninstall', [existing.name])
  await run('plugins:link', [plan.plugin.root, '--no-install'])
  return shipped(plan.plugin)
}
