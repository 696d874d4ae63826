/**
 * The hook driver: the only code that taps and fires the catalogue's hooks (pipeline.ts). It
 * attributes every tap to its plugin (an error thrown in one names the plugin and the hook, as
 * rollup's PluginDriver does), orders taps by named stages, skips taps whose `filter` does not
 * match the task or recipe at hand — so a tap meant for compile tasks costs nothing on the others —
 * and traces each call with its own subject for `--trace-hooks`.
 */
import {AsyncSeriesWaterfallHook, type Hook} from 'tapable'
import {PluginError} from './errors.js'
import {createPipeline, KEYED_HOOKS, RECIPE_HOOKS, TASK_HOOKS, type HookName, type Pipeline} from './pipeline.js'

/** Where a tap sits among the others of its hook; taps of one stage run in registration order. */
export const Stage = Object.freeze({
  /** Before every plugin: the host's records that plugins' taps may read (explain's reasons). */
  first: -1000,
  normal: 0,
  /** After every plugin: the host's defaults (the executor dispatch) and records of final values. */
  last: 1000,
})

/** Which tasks (by kind) or recipes (by parser) a tap is for; absent: all of them. */
export interface TapFilter {
  kind?: string | string[]
  parser?: string | string[]
}

/** How a plugin orders its tap against others: a stage, `before` (plugin names), and a filter. */
export interface TapOrder {
  stage?: number
  before?: string | string[]
  filter?: TapFilter
  /**
   * The tap reads nothing but its arguments and what the build observes (its digests, tools and
   * paths; the configuration): a build it applies to can then be served by the no-change check.
   */
  pure?: boolean
}

type Args<H> = H extends {promise(...args: infer A): Promise<unknown>} ? A : never
type Result<H> = H extends {promise(...args: any[]): Promise<infer R>} ? R : never
type AnyHook = Hook<unknown[], unknown> & {
  promise(...args: unknown[]): Promise<unknown>
  tapPromise(options: {name: string; stage?: number; before?: string}, fn: TapFn): void
  _args: string[]
}
type TapFn = (...args: any[]) => any

export interface TapInfo {
  plugin: string
  stage: number
  filter?: TapFilter
  pure?: boolean
}

/** A filter field against the value at hand: no field matches everything; a field needs the value to be one of its own. */
function matches(wanted: string | string[] | undefined, value: string | undefined): boolean {
  if (wanted === undefined) return true
  return value !== undefined && (Array.isArray(wanted) ? wanted.includes(value) : wanted === value)
}

const pluginNames = (taps: Iterable<TapInfo>) => [...new Set([...taps].map((tap) => tap.plugin))].sort()

/** What a hook's taps are filtered by: a task hook by the task's kind, a recipe hook by its parser; build hooks run every tap. */
const filterField = (hook: HookName): keyof TapFilter | undefined => (TASK_HOOKS.has(hook) ? 'kind' : RECIPE_HOOKS.has(hook) ? 'parser' : undefined)

const WATERFALLS: ReadonlySet<HookName> = new Set(
  (Object.entries(createPipeline()) as Array<[HookName, object]>).filter(([, hook]) => hook.constructor === AsyncSeriesWaterfallHook).map(([name]) => name),
)

/** What a call is about, for the trace: a task id, a recipe file or name. */
function subjectOf(args: unknown[]): string {
  for (const arg of args) {
    const task = (arg as {task?: {id?: string}})?.task
    if (task?.id) return ` [${task.id}]`
  }
  const first = args[0] as {file?: string; name?: string} | undefined
  return first?.file ? ` [${first.file}]` : first?.name ? ` [${first.name}]` : ''
}

export class Driver {
  readonly hooks: Pipeline = createPipeline()
  /** Per hook, who tapped it, in the order the taps run; absent: no tap. */
  readonly #taps = new Map<HookName, TapInfo[]>()
  /** Per hook and task kind or recipe parser, a hook holding only the taps whose filter matches: built on first use. */
  readonly #filtered = new Map<string, AnyHook>()
  #trace?: (line: string) => void

  /** Print each hook as it fires and each tap as it runs. */
  trace(write: (line: string) => void): void {
    this.#trace = write
  }

  /** `configFile`: the plugin is the user's configuration at that path, so its errors point into the file. */
  tap<K extends HookName>(
    hook: K, plugin: string, fn: (...args: Args<Pipeline[K]>) => Result<Pipeline[K]> | undefined | Promise<Result<Pipeline[K]> | undefined>,
    order: TapOrder = {}, configFile?: string,
  ): void {
    const stage = order.stage ?? Stage.normal
    const target = this.hooks[hook] as unknown as AnyHook
    const wrapped = this.#wrap(hook, plugin, fn as TapFn, configFile)
    target.tapPromise({name: plugin, stage, before: order.before as string}, wrapped)
    // Kept in the hook's own order (tapable sorts by stage and `before`), so filtered copies run in that order too.
    const at = target.taps.findIndex((tap) => (tap as unknown as {fn: TapFn}).fn === wrapped)
    const infos = this.#taps.get(hook) ?? []
    infos.splice(at, 0, {plugin, stage, filter: order.filter, pure: order.pure})
    this.#taps.set(hook, infos)
    this.#filtered.clear()
  }

  /** The taps of a hook, in the order they run. */
  taps(hook: HookName): readonly TapInfo[] {
    return this.#taps.get(hook) ?? []
  }

  /** Plugins whose taps on keyed hooks can affect a task of `kind` from a recipe of `parser`, as their filters say. */
  keyedPlugins(kind: string, parser: string): string[] {
    return pluginNames(this.#applying(KEYED_HOOKS, [kind], [parser]))
  }

  /** Plugins with a tap, on any hook, that applies to a task of one of `kinds` or a recipe of one of `parsers` and is not declared pure. */
  impurePlugins(kinds: string[], parsers: string[]): string[] {
    const impure = [...this.#applying(this.#taps.keys(), kinds, parsers)].filter((tap) => !tap.pure && tap.plugin !== 'tck')
    return pluginNames(impure)
  }

  /** The taps on `hooks` whose filters match one of `kinds` (task hooks) or `parsers` (recipe hooks); every tap of a build hook. */
  *#applying(hooks: Iterable<HookName>, kinds: string[], parsers: string[]): Generator<TapInfo> {
    for (const hook of hooks) {
      const field = filterField(hook)
      const values = field === 'kind' ? kinds : parsers
      for (const tap of this.taps(hook)) if (field === undefined || values.some((value) => matches(tap.filter?.[field], value))) yield tap
    }
  }

  /** Fires a hook with the taps that apply: for a task hook those whose filter matches its kind, for a recipe hook its parser. */
  async fire<K extends HookName>(hook: K, ...args: Args<Pipeline[K]>): Promise<Result<Pipeline[K]>> {
    const infos = this.#taps.get(hook)
    let target = this.hooks[hook] as unknown as AnyHook
    if (infos?.some((tap) => tap.filter)) target = this.#filteredHook(hook, args)
    const count = target.taps.length
    this.#trace?.(`hook ${hook}${subjectOf(args)} (${count} tap${count === 1 ? '' : 's'})`)
    // No promise chain for a hook nobody taps: on a 10,000-task rebuild most hooks have no taps.
    if (count === 0) return (WATERFALLS.has(hook) ? args[0] : undefined) as Result<Pipeline[K]>
    return target.promise(...args) as Promise<Result<Pipeline[K]>>
  }

  #filteredHook(hook: HookName, args: unknown[]): AnyHook {
    const field = filterField(hook)
    const value = field === 'kind' ? (args[args.length - 1] as {task: {kind: string}}).task.kind
      : field === 'parser' ? (args[0] as {parser?: string}).parser : undefined
    const id = `${hook}\0${value ?? ''}`
    let filtered = this.#filtered.get(id)
    if (filtered) return filtered
    const all = this.hooks[hook] as unknown as AnyHook
    const infos = this.#taps.get(hook)!
    filtered = new (all.constructor as new (names: string[]) => AnyHook)(all._args)
    all.taps.forEach((tap, index) => {
      if (field === undefined || matches(infos[index].filter?.[field], value)) {
        filtered!.tapPromise({name: tap.name, stage: tap.stage}, (tap as unknown as {fn: TapFn}).fn)
      }
    })
    this.#filtered.set(id, filtered)
    return filtered
  }

  #wrap(hook: string, plugin: string, fn: TapFn, configFile?: string): TapFn {
    return async (...args: unknown[]) => {
      this.#trace?.(`  tap ${hook}${subjectOf(args)} <- ${plugin}`)
      try {
        return await fn(...args)
      } catch (error) {
        if (error instanceof PluginError) throw error
        throw new PluginError(plugin, hook, error, {configFile})
      }
    }
  }
}
