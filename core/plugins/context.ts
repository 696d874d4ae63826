/**
 * What one plugin sees in `tck:register`: the pipeline and the registries, both scoped to it, so
 * every tap and provider is attributed to the plugin that made it, and an error thrown inside a
 * tap is re-thrown naming the plugin and the hook.
 */
import type {AsyncSeriesHook} from 'tapable'
import {PluginError} from '../errors.js'
import type {HookName, Pipeline} from '../pipeline.js'
import type {ProviderKind, Registries} from '../registries.js'
import {runtime, type TckApi} from '../runtime.js'

/** How a plugin orders its tap against others: tapable's `stage` and `before` (plugin names). */
export interface TapOrder {
  stage?: number
  before?: string | string[]
}

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

function attributed(plugin: string, hook: string, fn: (...args: any[]) => any) {
  return async (...args: any[]) => {
    try {
      return await fn(...args)
    } catch (error) {
      if (error instanceof PluginError) throw error
      throw new PluginError(plugin, hook, error)
    }
  }
}

/** Wraps a provider so an error from any of its methods names the plugin and the provider. */
function attributedProvider<T extends object>(plugin: string, kind: string, provider: T): T {
  const wrap = (error: unknown, method: string) =>
    error instanceof PluginError ? error : new PluginError(plugin, `${kind} ${(provider as any).name}.${method}`, error)
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

export function pluginContext(plugin: string, pipeline: Pipeline, registries: Registries): PluginContext {
  const scopedPipeline = Object.fromEntries(
    (Object.keys(pipeline) as HookName[]).map((name) => [
      name,
      {
        tap(fn: (...args: any[]) => any, order: TapOrder = {}) {
          const hook = pipeline[name] as unknown as AsyncSeriesHook<unknown[]>
          hook.tapPromise({name: plugin, stage: order.stage, before: order.before as string}, attributed(plugin, name, fn))
        },
      },
    ]),
  ) as unknown as PluginPipeline

  const scopedRegistries = Object.fromEntries(
    (Object.keys(registries) as ProviderKind[]).map((kind) => [
      kind,
      {
        register: (provider: any) => registries[kind].add(plugin, attributedProvider(plugin, kind, provider)),
        get: (name: string) => registries[kind].get(name),
        has: (name: string) => registries[kind].has(name),
        list: () => registries[kind].list(),
      },
    ]),
  ) as unknown as PluginRegistries

  return Object.freeze({plugin, pipeline: scopedPipeline, registries: scopedRegistries, api: runtime})
}
