/**
 * The plugins of this tck, found without oclif: tck itself, the plugins its package.json bundles
 * (`oclif.plugins`, in that order), then those the user installed and linked (the data dir's
 * package.json, as `tck plugins add` and oclif's `plugins` commands keep it). The same list for
 * every command, whether it went through oclif or tck's own fast start (core/fast.ts).
 */
import {readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'

export interface PluginEntry {
  name: string
  version: string
  /** `core`: tck or a plugin it bundles; `user`: installed; `link`: a directory linked for development. */
  type: 'core' | 'user' | 'link'
  root: string
  /** The package's oclif hooks, by event: module paths relative to `root`. */
  hooks: Record<string, string[]>
  /** Commands the plugin can run without oclif (`tck.fastStart` in its package.json), by name: module paths relative to `root`. */
  fastStart: Record<string, string>
}

/** Where tck keeps installed plugins: oclif's data dir, which `tck plugins add` writes too. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TCK_DATA_DIR || join(env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share'), 'tck')
}

interface Manifest {
  name?: string
  version?: string
  tck?: {fastStart?: Record<string, string>}
  oclif?: {plugins?: Array<string | {name: string; type?: string; root?: string}>; hooks?: Record<string, string | string[] | Array<{target: string}>>}
}

function readManifest(root: string): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest
  } catch {
    return undefined
  }
}

function entry(root: string, type: PluginEntry['type'], fallbackName: string): PluginEntry | undefined {
  const manifest = readManifest(root)
  if (!manifest) return undefined
  const hooks: Record<string, string[]> = {}
  for (const [event, targets] of Object.entries(manifest.oclif?.hooks ?? {})) {
    hooks[event] = (Array.isArray(targets) ? targets : [targets]).map((target) => (typeof target === 'string' ? target : target.target))
  }
  const fastStart = Object.fromEntries(Object.entries(manifest.tck?.fastStart ?? {}).filter(([, module]) => typeof module === 'string'))
  return {name: manifest.name ?? fallbackName, version: manifest.version ?? '0.0.0', type, root, hooks, fastStart}
}

export function listPlugins(tckRoot: string, data: string = dataDir()): PluginEntry[] {
  const host = entry(tckRoot, 'core', 'tck')
  const list: PluginEntry[] = host ? [host] : []
  for (const spec of readManifest(tckRoot)?.oclif?.plugins ?? []) {
    const name = typeof spec === 'string' ? spec : spec.name
    const found = entry(join(tckRoot, 'node_modules', name), 'core', name)
    if (found) list.push(found)
  }
  const installed = (readManifest(data)?.oclif?.plugins ?? []).filter((spec): spec is {name: string; type?: string; root?: string} => typeof spec !== 'string')
  for (const type of ['user', 'link'] as const) {
    for (const spec of installed.filter((item) => (item.type ?? 'user') === type)) {
      const found = entry(type === 'link' && spec.root ? spec.root : join(data, 'node_modules', spec.name), type, spec.name)
      if (found && !list.some((plugin) => plugin.name === found.name)) list.push(found)
    }
  }
  return list
}
