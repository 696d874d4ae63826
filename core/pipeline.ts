/**
 * The hook catalogue: every phase of the engine, in the order it fires. This file is the whole
 * lifecycle — a plugin author reads it and knows where to tap; `core/driver.ts` fires the hooks.
 * The names say when a hook fires; the tapable kind says how the taps combine (series, waterfall:
 * each tap may replace the value, bail: the first tap that returns a value wins).
 *
 * KEYED hooks run before a task's action key is final and may change what the task does, so
 * every plugin (and the config file) tapping one is part of the key of each task it can affect:
 * its name, version and the digest of its code (`tck explain` names it when that changes).
 * The other hooks may only observe — or, for `cacheChecked` and `beforeExecute`, force a rebuild
 * or abort the task — so what they do can never make a cached result wrong.
 */
import type {BigIntStats} from 'node:fs'
import {AsyncSeriesBailHook, AsyncSeriesHook, AsyncSeriesWaterfallHook} from 'tapable'
import type {TckConfig} from './config/schema.js'
import type {ActionResult} from './contracts/cache.js'
import type {Compiler, CompilerIdentity} from './contracts/compiler.js'
import type {ProjectState} from './engine/state.js'
import type {CacheDecision, ExecRequest, ExecResult, KeyPart, Recipe, RecipeSource, TaskSpec} from './contracts/task.js'
import type {BuildReport} from './reports/model.js'

/** The build as one run of the engine sees it. */
export interface BuildContext {
  root: string
  config: TckConfig
  configFile?: string
  /** The engine's options, after flags and config: jobs, keepGoing, ... */
  options: Record<string, unknown>
  /** The graph, once planned (`graphBuilt`); every task's context, once it started. */
  graph?: Graph
  tasks: Map<string, TaskContext>
  /** The project's state (`.tck/`), saved when the build ends; plugins may keep sections of their own. */
  state: ProjectState
  /** Free slot for plugins (and the host's own taps) to carry state between a build's hooks. */
  data: Record<string, unknown>
  /**
   * The compiler behind `program` (a name on PATH or a path), detected once and recorded in the
   * project state. Asked of the compilers that answer to its name; `anyCompiler` asks every one.
   */
  compilerOf(program: string, anyCompiler?: boolean): Promise<{provider: Compiler; identity: CompilerIdentity} | undefined>
  /** Reads the no-change record covers: a parser or tap that reads only through these (and the keys' digests) may say so. */
  observe: BuildObserver
}

/**
 * What a recipe parser (`observes: true`) or a pure tap reads besides the configuration, as the
 * no-change record must know it (core/engine/unchanged/): every file by stat data, every program
 * by each place its lookup looked.
 */
export interface BuildObserver {
  /** The file or directory's stat data (as recorded: nanosecond times), or undefined when there is none. */
  stat(path: string): BigIntStats | undefined
  /** A text file's content, or undefined when it cannot be read; kept by content too. */
  readFile(path: string): string | undefined
  /** The program exec would run for `name` on this process's PATH, from its working directory. */
  which(name: string): string | undefined
  glob(patterns: string[], options: {cwd: string; ignore?: string[]}): Promise<string[]>
  /** This build cannot be served again from stat data: what it depends on is not a file (a tool's answer). */
  refuse(reason: string): void
}

/** One task as it travels through the per-task hooks. */
export interface TaskContext {
  build: BuildContext
  task: TaskSpec
  /** The exec request the keyed `requestCreated` taps left; the key is computed from it. */
  request?: ExecRequest
  /** The key's parts as the `computeKey` taps left them, and the SHA-256 action key over them. */
  parts?: KeyPart[]
  key?: string
  /**
   * For a compiler command: every file it read (by path from the root when inside it, else
   * absolute) and the names that must stay absent for it to read the same ones — the second half of its key.
   */
  reads?: {files: string[]; absent: string[]}
  /** Why this run's result was not stored though the task is cacheable: it depends on when it ran (a file it read uses `__TIME__`). */
  volatile?: string
  /** What the cache check decided, and why. */
  decision?: CacheDecision
  /** For a cache hit: the name of the store level that held the result. */
  cacheLevel?: string
  attempt: number
  /** Aborted on interrupt: executors stop their processes. */
  signal: AbortSignal
  /** Free slot for plugins to carry state between a task's hooks. */
  data: Record<string, unknown>
}

export interface TaskOutcome {
  id: string
  status: 'built' | 'cached' | 'failed' | 'skipped' | 'aborted'
  durationMs: number
  key?: string
  error?: string
  /** Milliseconds from the start of the build to the task's start and end, for timelines. */
  startedAt?: number
  endedAt?: number
  /** The pool slot (0 .. jobs-1) the task ran in: one timeline lane per worker. */
  worker?: number
  /** For a cache hit: the name of the store level that held the result. */
  cacheLevel?: string
}

export interface BuildSummary {
  context: BuildContext
  outcomes: TaskOutcome[]
  durationMs: number
  ok: boolean
}

export interface Graph {
  tasks: Map<string, TaskSpec>
  /** Task ids in a valid execution order. */
  order: string[]
}

export function createPipeline() {
  return Object.freeze({
    /** The configuration was loaded and validated. */
    configLoaded: new AsyncSeriesHook<[BuildContext]>(['build']),
    /** Recipe files were found; taps may add or drop files. */
    recipeFilesDiscovered: new AsyncSeriesWaterfallHook<[RecipeSource[], BuildContext]>(['sources', 'build']),
    /** KEYED. A recipe file was read; taps may edit its text before it is parsed. */
    recipeLoaded: new AsyncSeriesWaterfallHook<[RecipeSource, BuildContext]>(['source', 'build']),
    /** KEYED. A recipe was parsed into tasks; taps may change them. */
    recipeParsed: new AsyncSeriesWaterfallHook<[Recipe, BuildContext]>(['recipe', 'build']),
    /** KEYED. A recipe's variables and parameters were expanded into its tasks. */
    recipeExpanded: new AsyncSeriesWaterfallHook<[Recipe, BuildContext]>(['recipe', 'build']),
    /** The task graph was built and checked (every dependency exists, no cycle). */
    graphBuilt: new AsyncSeriesHook<[Graph, BuildContext]>(['graph', 'build']),
    /** The execution order was fixed; taps may reorder ready tasks no further than dependencies allow. */
    scheduled: new AsyncSeriesHook<[Graph, BuildContext]>(['graph', 'build']),
    /** KEYED. A task's exec request was made from its spec; taps may change argv, env, cwd, inputs. */
    requestCreated: new AsyncSeriesWaterfallHook<[ExecRequest, TaskContext]>(['request', 'task']),
    /** KEYED. A task's key parts were gathered from its request; taps may add parts (a toolchain id, a flag). */
    computeKey: new AsyncSeriesWaterfallHook<[KeyPart[], TaskContext]>(['parts', 'task']),
    /** The cache was asked; a tap may turn a hit into a miss to force a rebuild. */
    cacheChecked: new AsyncSeriesWaterfallHook<[CacheDecision, TaskContext]>(['decision', 'task']),
    /** A task is about to run (each attempt); taps only look, or return a reason to abort it. */
    beforeExecute: new AsyncSeriesBailHook<[Readonly<ExecRequest>, TaskContext], string>(['request', 'task']),
    /** KEYED. Run the task: the first tap that returns a result is the executor that ran it. */
    execute: new AsyncSeriesBailHook<[ExecRequest, TaskContext], ExecResult>(['request', 'task']),
    /** A task ran (successfully or not); taps see its result and timings, and may call a failure transient. */
    afterExecute: new AsyncSeriesHook<[ExecResult, TaskContext]>(['result', 'task']),
    /** A task's outputs were stored under its key. */
    outputsStored: new AsyncSeriesHook<[ActionResult, TaskContext]>(['action', 'task']),
    /** A task's outputs are in place in the project (built now or restored from the cache). */
    outputsMaterialized: new AsyncSeriesHook<[TaskContext]>(['task']),
    /** A task failed: it exited non-zero, was aborted, or a hook threw. */
    taskFailed: new AsyncSeriesHook<[Error, TaskContext]>(['error', 'task']),
    /** The build finished, successfully or not. */
    buildFinished: new AsyncSeriesHook<[BuildSummary]>(['summary']),
    /** The build's report was assembled, before it is written; taps may add notes and steps inside tasks (a CMake build's compiles). */
    reportCreated: new AsyncSeriesWaterfallHook<[BuildReport, BuildSummary]>(['report', 'summary']),
  })
}

export type Pipeline = ReturnType<typeof createPipeline>
export type HookName = keyof Pipeline

/** The hooks whose taps are part of the key of the tasks they can affect (see the top of this file). */
export const KEYED_HOOKS: ReadonlySet<HookName> = new Set(['recipeLoaded', 'recipeParsed', 'recipeExpanded', 'requestCreated', 'computeKey', 'execute'])

/** Hooks fired for one task (their second argument is its TaskContext): a tap's `filter.kind` applies. */
export const TASK_HOOKS: ReadonlySet<HookName> = new Set([
  'requestCreated', 'computeKey', 'cacheChecked', 'beforeExecute', 'execute', 'afterExecute', 'outputsStored', 'outputsMaterialized', 'taskFailed',
])

/** Hooks fired for one recipe or recipe file (their first argument names its parser): a tap's `filter.parser` applies. */
export const RECIPE_HOOKS: ReadonlySet<HookName> = new Set(['recipeLoaded', 'recipeParsed', 'recipeExpanded'])
