/**
 * What one plugin sees in `tck:register`: the pipeline and the registries, both scoped to it, so
 * every tap and provider is attributed to the plugin that made it, and an error thrown inside a
 * tap is re-thrown naming the plugin and the hook.
 */
import type {Driver, TapOrder} from '../driver.js'
import {PluginError} from '../errors.js'
import type {HookName, Pipeline} from '../pipeline.js'
import type {ProviderKind, Registries} from '../registries.js'
import {runtime, type TckApi} from '../runtime.js'

export type {TapFilter, TapOrder} from '../driver.js'

type Args<H> = H extends {promise(...args: infer A): Promise<unknown>} ? A : never
type Result<H> = H extends {promise(...args: any[]): Promise<infer R>} ? R : never

/** A hook as a plugin taps it; the tap is named after the plugin. */
export interface PluginHook<H> {
  tap(fn: (...args: Args<H>) => Result<H> | undefined | Promise<Result<H> | undefined>, order?: TapOrder): void
}

export type PluginPipeline = {readonly [K in HookName]: PluginHook<Pipeline[K]>}

type ProviderOf<K extends ProviderKind> = Parameters<Registries[K]['add']>[1]

/**
 * A registry as a plugin sees it: it registers its own providers, and reads those of others
 * (a recipe parser asks the package managers, a command the toolchain sources) once every
 * plugin has registered — plugins never import each other.
 */
export type PluginRegistries = {
  readonly [K in ProviderKind]: {
    register(provider: ProviderOf<K>): void
    get(name: string): ProviderOf<K>
    has(name: string): boolean
    list(): Array<{name: string; plugin: string; provider: ProviderOf<K>}>
  }
}

export interface PluginContext {
  /** The plugin's own name, as taps and providers are attributed. */
  plugin: string
  pipeline: PluginPipeline
  registries: PluginRegistries
  api: TckApi
}

/** The default export of a plugin's `tck:register` module. */
export type Register = (context: PluginContext) => void | Promise<void>

/** Wraps a provider so an error from any of its methods names the plugin and the provider. */
function attributedProvider<T extends object>(plugin: string, kind: string, provider: T, configFile?: string): T {
  const wrap = (error: unknown, method: string) =>
    error instanceof PluginError ? error : new PluginError(plugin, `${kind} ${(provider as any).name}.${method}`, error, {configFile})
  return new Proxy(provider, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver)
      if (typeof value !== 'function') return value
      return (...args: unknown[]) => {
        try {
          const result = value.apply(target, args)
          return result instanceof Promise ? result.catch((error) => Promise.reject(wrap(error, String(property)))) : result
        } catch (error) {
          throw wrap(error, String(property))
        }
      }
    },
  })
}

/** `configFile`: the plugin is the user's configuration at that path; its errors point into the file. */
export function pluginContext(plugin: string, driver: Driver, registries: Registries, configFile?: string): PluginContext {
  const scopedPipeline = Object.fromEntries(
    (Object.keys(driver.hooks) as HookName[]).map((name) => [
      name,
      {tap: (fn: (...args: any[]) => any, order?: TapOrder) => driver.tap(name, plugin, fn, order, configFile)},
    ]),
  ) as unknown as PluginPipeline

  const scopedRegistries = Object.fromEntries(
    (Object.keys(registries) as ProviderKind[]).map((kind) => [
      kind,
      {
        register: (provider: any) => registries[kind].add(plugin, attributedProvider(plugin, kind, provider, configFile)),
        get: (name: string) => registries[kind].get(name),
        has: (name: string) => registries[kind].has(name),
        list: () => registries[kind].list(),
      },
    ]),
  ) as unknown as PluginRegistries

  return Object.freeze({plugin, pipeline: scopedPipeline, registries: scopedRegistries, api: runtime})
}
