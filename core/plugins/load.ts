/**
 * Runs the `tck:register` event: each oclif plugin that declares it gets a context scoped to it.
 * The modules are imported together, then registered one by one in a stable plugin order, so tap
 * order never depends on which import finished first.
 */
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {PluginError, TckError} from '../errors.js'
import type {Driver} from '../driver.js'
import type {Registries} from '../registries.js'
import {pluginContext, type Register} from './context.js'
import type {PluginEntry} from './list.js'

export const REGISTER_EVENT = 'tck:register'

export interface LoadedPlugin {
  name: string
  version: string
  type: string
  root: string
  registers: boolean
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

/** `plugins` in their stable order (listPlugins): the host, bundled plugins as declared, installed ones, linked ones. */
export async function registerPlugins(plugins: PluginEntry[], driver: Driver, registries: Registries): Promise<LoadedPlugin[]> {
  const modules = await Promise.all(
    plugins.map((plugin) => Promise.all((plugin.hooks[REGISTER_EVENT] ?? []).map((target) => importRegister(plugin.name, join(plugin.root, target))))),
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
