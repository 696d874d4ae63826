/** Each first-party plugin with whether this tck has it: bundled, added (and from where), or not. */
import type {Config} from '@oclif/core'
import {shippedPlugins} from './catalog.js'

export interface PluginState {
  name: string
  shortNames: string[]
  description: string
  /** The version shipped inside tck. */
  version: string
  /** bundled | added | linked | not added */
  status: 'bundled' | 'added' | 'linked' | 'not added'
  /** One phrase for people: "added 0.2.0 from the registry". */
  state: string
  /** Where the loaded copy lives, when there is one. */
  root?: string
}

export function pluginStates(config: Config): PluginState[] {
  // What can be added first; the bundled ones after.
  const plugins = shippedPlugins(config.root).sort((a, b) => Number(a.bundled) - Number(b.bundled))
  return plugins.map((plugin) => {
    const loaded = config.plugins.get(plugin.name)
    const base = {name: plugin.name, shortNames: plugin.shortNames, description: plugin.description, version: plugin.version, root: loaded?.root}
    if (plugin.bundled) return {...base, status: 'bundled', state: 'bundled'}
    if (!loaded) return {...base, status: 'not added', state: 'not added'}
    if (loaded.type === 'link') {
      return loaded.root === plugin.root
        ? {...base, status: 'added', state: `added ${loaded.version} (shipped)`}
        : {...base, status: 'linked', state: `linked from ${loaded.root}`}
    }
    return {...base, status: 'added', state: `added ${loaded.version} (registry)`}
  })
}
