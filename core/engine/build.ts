/**
 * One build, which owns everything it needs while it runs (like webpack's Compilation): options,
 * the graph, each task's context, the store, the project state (loaded once, saved once when the
 * build ends or is interrupted) and what it learned on the way (keys, output digests, programs).
 * `run` is recipes → graph → schedule, then tasks in dependency order on a pool of `jobs` workers.
 */
import {existsSync} from 'node:fs'
import {availableParallelism} from 'node:os'
import {dirname, join} from 'node:path'
import type {TckConfig} from '../config/schema.js'
import type {Compiler, CompilerIdentity} from '../contracts/compiler.js'
import type {ExecRequest, KeyPart, RecipeSource, TaskSpec} from '../contracts/task.js'
import type {Driver} from '../driver.js'
import {sha256} from '../io/digest.js'
import {DigestCache} from '../io/digest-cache.js'
import {withProjectLock} from '../io/project-lock.js'
import type {BuildContext, BuildSummary, Graph, TaskContext, TaskOutcome} from '../pipeline.js'
import {pluginIdentityParts, type PluginIdentity} from '../plugins/identity.js'
import type {Registries} from '../registries.js'
import {openStore} from '../store/open.js'
import {removeCrashLeftovers, stagingDir} from '../store/staging.js'
import type {Store} from '../store/store.js'
import {CompilerDetections} from './compiler-detections.js'
import {countOutcomes, type BuildEvent} from './events.js'
import {buildGraph, selectTargets} from './graph.js'
import {removePartialOutputs} from './interrupt.js'
import {loadRecipes} from './recipes.js'
import {loadDurations, readyQueue, saveDurations} from './schedule.js'
import {ProjectState} from './state.js'
import {keyTask, runTask} from './task.js'
import {DEFAULT_PATH, identifyTool, type ToolKey} from './tools.js'
import {observer, Observations} from './unchanged/observe.js'

export interface BuildOptions {
  targets: string[]
  jobs?: number
  keepGoing: boolean
  stdio: ExecRequest['stdio']
  /** Run every task even when the cache holds its key, and store the fresh results (`tck run -n`). */
  rebuild?: boolean
  /** Aborted on Ctrl-C: running children are killed, nothing new starts. */
  signal?: AbortSignal
  /** Every start and end, for progress views and `--json` streams. */
  onEvent?: (event: BuildEvent) => void
}

export type BuildResult = BuildSummary & {errors: Error[]; interrupted: boolean}

/** What a build needs from the host: configuration, hooks, providers and who the plugins are. */
export interface BuildHost {
  root: string
  config: TckConfig
  configFile?: string
  driver: Driver
  registries: Registries
  /** Each plugin that may tap hooks (and the config file), by the name its taps carry. */
  identities: Map<string, PluginIdentity>
}

export interface BuildSettings {
  /** Engine options (jobs, ...) as plugins see them in `build.options`. */
  options?: Record<string, unknown>
  /** What outputs and inputs are relative to; the project root when absent (a script run has its own). */
  root?: string
  /** Where the project state lives; the root's `.tck/` when absent. */
  stateDir?: string
  /** These recipe files instead of the config's tasks and what the parsers' patterns find (`tck run file.c`). */
  sources?: RecipeSource[]
  /** Store levels instead of the configured ones (a script run's own cache). */
  cacheLevels?: Array<Record<string, unknown> & {provider: string; readOnly: boolean}>
}

export class Build implements BuildContext {
  readonly root: string
  readonly config: TckConfig
  readonly configFile?: string
  readonly options: Record<string, unknown>
  readonly driver: Driver
  readonly registries: Registries
  readonly state: ProjectState
  readonly tasks = new Map<string, TaskContext>()
  readonly data: Record<string, unknown> = {}
  graph?: Graph
  store?: Store
  /** Each finished task's action key and the digest of its outputs: what dependents' keys include. */
  readonly keys = new Map<string, string>()
  readonly outputDigests = new Map<string, string>()
  /** What this build looked at, for the no-change record (unchanged/). */
  readonly observed = new Observations()
  readonly observe = observer(this.observed)
  readonly #host: BuildHost
  readonly #tools = new Map<string, Promise<ToolKey>>()
  readonly #plugins = new Map<string, Promise<KeyPart[]>>()
  readonly #exists = new Map<string, boolean>()
  readonly #settings: BuildSettings
  /** Which parser each task's recipe came from: a recipe tap filtered to a parser keys only its tasks. */
  readonly #parsers = new Map<string, string>()

  constructor(host: BuildHost, settings: BuildSettings = {}) {
    this.#host = host
    this.config = host.config
    this.configFile = host.configFile
    this.driver = host.driver
    this.registries = host.registries
    this.root = settings.root ?? host.root
    this.options = settings.options ?? {}
    this.state = new ProjectState(settings.stateDir ?? join(this.root, '.tck'))
    this.#settings = settings
  }

  /** File digests, remembered by path from the state directory's parent: the project root, or a script cache. */
  async digests(): Promise<DigestCache> {
    const digests = await DigestCache.open(this.state, dirname(this.state.dir))
    digests.observer ??= this.observed
    return digests
  }

  /**
   * The compiler behind `program` (a name on PATH or a path), detected once and recorded. Asked
   * of the compilers that answer to its name; `anyCompiler` asks every one, for a program the
   * user named as their compiler (`tck run --compiler ./mycc`).
   */
  async compilerOf(program: string, anyCompiler = false): Promise<{provider: Compiler; identity: CompilerIdentity} | undefined> {
    const path = process.env.PATH ?? DEFAULT_PATH
    const named = (await this.tool(program, path, process.cwd())).compiler
    if (named || !anyCompiler) return named
    for (const {name} of this.registries.compiler.list()) {
      const asked = (await this.tool(program, path, process.cwd(), name)).compiler
      if (asked) return asked
    }
    return undefined
  }

  /** A program the tasks run, identified once per build for each PATH and working directory (and compiler named for it). */
  tool(name: string, path: string, cwd: string, compiler?: string): Promise<ToolKey> {
    const id = `${name}\0${path}\0${cwd}\0${compiler ?? ''}`
    let known = this.#tools.get(id)
    if (!known) {
      const asked = compiler === undefined ? undefined : this.registries.compiler.has(compiler) ? [this.registries.compiler.get(compiler)] : []
      this.#tools.set(id, (known = (async () => identifyTool({
        root: this.root,
        compilers: this.registries.compiler.list().map(({provider}) => provider),
        digests: await this.digests(),
        detections: await CompilerDetections.open(this.state),
        observed: this.observed,
      }, name, path, cwd, asked))()))
    }
    return known
  }

  /** Whether a path exists, asked once per build: many compile tasks check the same absent headers. */
  exists(path: string): boolean {
    let known = this.#exists.get(path)
    if (known === undefined) {
      this.#exists.set(path, (known = existsSync(path)))
      this.observed.exists(path, known)
    }
    return known
  }

  /** A directory for what one run of a task writes besides its outputs (a compiler's depfiles), in this process's staging area. */
  scratchDir(taskId: string): string {
    return join(stagingDir(this.root), `scratch-${sha256(taskId).slice(0, 16)}`)
  }

  /** What of the executor's settings can change a task's result, as the executor says. */
  executorIdentity(request: ExecRequest): string {
    const {executor} = this.registries
    return executor.has(request.executor) ? executor.get(request.executor).identity?.(request, this) ?? '' : ''
  }

  /** The plugins (and config file) whose keyed taps can affect a task of `kind`: name, version and code digest. */
  pluginParts(task: TaskSpec): Promise<KeyPart[]> {
    const parser = this.#parsers.get(task.id) ?? ''
    let known = this.#plugins.get(`${task.kind}\0${parser}`)
    if (!known) {
      const names = this.driver.keyedPlugins(task.kind, parser).filter((name) => name !== 'tck')
      this.#plugins.set(`${task.kind}\0${parser}`, (known = (async () => pluginIdentityParts(names, this.#host.identities, await this.digests()))()))
    }
    return known
  }

  /** The parsers the graph's recipes came from (`config` for the config's own tasks). */
  recipeParsers(): string[] {
    return [...new Set(this.#parsers.values())].sort()
  }

  /** The store's levels (the configured ones, or the settings'), opened once per build; `signal` ends remote reads at once. */
  async openStore(signal?: AbortSignal): Promise<Store> {
    const levels = this.#settings.cacheLevels
    this.store ??= await openStore(levels ? {...this.config, cache: {levels}} : this.config, this.registries, {signal})
    return this.store
  }

  /** A task's request and key as this build would run it, and whether the cache holds that key; nothing runs. */
  async preview(id: string, stdio: ExecRequest['stdio']): Promise<{context: TaskContext; cached: boolean}> {
    const graph = this.graph ?? (await this.plan([]))
    const context: TaskContext = {build: this, task: graph.tasks.get(id)!, attempt: 0, data: {}, signal: new AbortController().signal}
    const store = await this.openStore()
    try {
      const keyed = await keyTask(this, context, stdio)
      for (const {key} of keyed.candidates) if (await store.getAction(key)) return {context, cached: true}
      return {context, cached: false}
    } finally {
      await store.close()
      await this.state.save()
    }
  }

  /** The graph of the named targets (all when none), after the recipe and graph hooks. */
  async plan(targets: string[]): Promise<Graph> {
    const recipes = await loadRecipes(this, this.#settings.sources)
    for (const recipe of recipes) for (const task of recipe.tasks) this.#parsers.set(task.id, recipe.parser)
    const graph = selectTargets(buildGraph(recipes), targets)
    this.graph = graph
    await this.driver.fire('graphBuilt', graph, this)
    await this.driver.fire('scheduled', graph, this)
    return graph
  }

  /**
   * Plans, then runs the graph. One build of a root at a time: a second one waits for the first
   * (saying so); planning writes nothing, so a directory that is no project gets an error and no `.tck/`.
   */
  async run(options: BuildOptions): Promise<BuildResult> {
    const started = performance.now()
    const graph = await this.plan(options.targets)
    return withProjectLock(this.root, () => {
      // First, what a killed build left in .tck/tmp (only the directories of processes that are gone).
      removeCrashLeftovers(this.root)
      return this.#run(graph, options, started)
    })
  }

  async #run(graph: Graph, options: BuildOptions, started: number): Promise<BuildResult> {
    const emit = options.onEvent ?? (() => {})
    const interrupt = options.signal ?? new AbortController().signal
    const outcomes = new Map<string, TaskOutcome>()
    const errors: Error[] = []
    try {
      const jobs = Math.max(1, options.jobs ?? this.config.jobs ?? availableParallelism())
      const durations = await loadDurations(this.state)
      const queue = readyQueue(graph, durations.value)
      // One store per build: each level is opened once and closed (its counters saved) when the build ends.
      const store = await this.openStore(interrupt)
      const freeWorkers = Array.from({length: jobs}, (_, slot) => jobs - 1 - slot)
      let running = 0
      // Resolved whenever a task ends, so the loop wakes once per ended task without re-racing every running one.
      let wake = () => {}
      // Fail fast stops scheduling and lets running tasks finish; an interrupt also kills them.
      let stopping = false
      emit({type: 'build-start', time: Date.now(), total: graph.order.length, jobs})
      const sinceStart = () => Math.round(performance.now() - started)

      const start = (id: string) => {
        const worker = freeWorkers.pop()!
        const context: TaskContext = {build: this, task: graph.tasks.get(id)!, attempt: 0, data: {}, signal: interrupt}
        this.tasks.set(id, context)
        emit({type: 'task-start', time: Date.now(), id, worker})
        const startedAt = sinceStart()
        running++
        void runTask(this, context, options)
          .then(async (result) => {
            const status = interrupt.aborted && result.outcome.status === 'failed' ? 'aborted' as const : result.outcome.status
            const outcome: TaskOutcome = {...result.outcome, status, startedAt, endedAt: sinceStart(), worker}
            if (status === 'aborted') await removePartialOutputs(this.root, context.task)
            outcomes.set(id, outcome)
            if (context.key) this.keys.set(id, context.key)
            if (result.error) {
              errors.push(result.error)
              if (!options.keepGoing) stopping = true
            } else {
              queue.done(id)
            }
            freeWorkers.push(worker)
            emit({type: 'task-end', time: Date.now(), id, worker, status, durationMs: outcome.durationMs, error: outcome.error})
          })
          .catch((error: unknown) => {
            errors.push(error instanceof Error ? error : new Error(String(error)))
            stopping = true
          })
          .finally(() => {
            running--
            wake()
          })
      }

      for (;;) {
        while (!stopping && !interrupt.aborted && running < jobs) {
          const id = queue.next()
          if (id === undefined) break
          start(id)
        }
        if (running === 0) break
        await new Promise<void>((resolve) => (wake = resolve))
      }
      await store.close()

      // Whatever never ran was skipped: its dependency failed, the build stopped, or it was interrupted.
      for (const id of graph.order) {
        if (outcomes.has(id)) continue
        outcomes.set(id, {id, status: 'skipped', durationMs: 0})
        emit({type: 'task-end', time: Date.now(), id, status: 'skipped', durationMs: 0})
      }
      saveDurations(durations, [...outcomes.values()])
      const list = graph.order.map((id) => outcomes.get(id)!)
      const ok = errors.length === 0 && !interrupt.aborted
      const summary: BuildSummary = {context: this, outcomes: list, durationMs: Math.round(performance.now() - started), ok}
      await this.driver.fire('buildFinished', summary)
      emit({type: 'build-end', time: Date.now(), ok, interrupted: interrupt.aborted, durationMs: summary.durationMs, counts: countOutcomes(list), outcomes: list})
      return {...summary, errors, interrupted: interrupt.aborted}
    } finally {
      await this.state.save()
    }
  }
}
