/**
 * Runs the `tck:register` event: each oclif plugin that declares it gets a context scoped to it.
 * The modules are imported together, then registered one by one in a stable plugin order, so tap
 * order never depends on which import finished first.
 */
import type {Config} from '@oclif/core'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {PluginError, TckError} from '../errors.js'
import type {Driver} from '../driver.js'
import type {Registries} from '../registries.js'
import {pluginContext, type Register} from './context.js'

export const REGISTER_EVENT = 'tck:register'

export interface LoadedPlugin {
  name: string
  version: string
  type: string
  root: string
  registers: boolean
}

function registerTargets(plugin: Config['plugins'] extends Map<string, infer P> ? P : never): string[] {
  const hooks = (plugin.hooks[REGISTER_EVENT] ?? []) as Array<string | {target: string}>
  return hooks.map((hook) => join(plugin.root, typeof hook === 'string' ? hook : hook.target))
}

async function importRegister(plugin: string, file: string): Promise<Register> {
  let module: Record<string, unknown>
  try {
    module = await import(pathToFileURL(file).href)
  } catch (error) {
    throw new PluginError(plugin, REGISTER_EVENT, error)
  }
  const register = module.default
  if (typeof register !== 'function') {
    throw new PluginError(plugin, REGISTER_EVENT, new Error(`${file} has no default export function`))
  }
  return register as Register
}

const typeRank: Record<string, number> = {core: 0, user: 1, dev: 2, link: 3}

/** The host first, then bundled plugins as declared, then installed ones, then linked ones. */
function stableOrder(config: Config) {
  const plugins = config.getPluginsList()
  const rank = (plugin: (typeof plugins)[number]) => (plugin.isRoot ? -1 : typeRank[plugin.type] ?? 4)
  return plugins.map((plugin, index) => ({plugin, index})).sort((a, b) => rank(a.plugin) - rank(b.plugin) || a.index - b.index).map(({plugin}) => plugin)
}

export async function registerPlugins(config: Config, driver: Driver, registries: Registries): Promise<LoadedPlugin[]> {
  const plugins = stableOrder(config)
  const modules = await Promise.all(
    plugins.map((plugin) => Promise.all(registerTargets(plugin).map((file) => importRegister(plugin.name, file)))),
  )
  for (const [index, plugin] of plugins.entries()) {
    for (const register of modules[index]) {
      try {
        await register(pluginContext(plugin.name, driver, registries))
      } catch (error) {
        throw error instanceof TckError ? error : new PluginError(plugin.name, REGISTER_EVENT, error)
      }
    }
  }
  return plugins.map((plugin, index) => ({
    name: plugin.name,
    version: plugin.version,
    type: plugin.type,
    root: plugin.root,
    registers: modules[index].length > 0,
  }))
}
