/**
 * The hook catalogue: every phase of the engine, in the order it fires. This file is the whole
 * lifecycle — a plugin author reads it and knows where to tap. The names say when a hook fires;
 * the tapable kind says how the taps combine (series, waterfall: each tap may replace the value,
 * bail: the first tap that returns a value wins).
 */
import {AsyncSeriesBailHook, AsyncSeriesHook, AsyncSeriesWaterfallHook} from 'tapable'
import type {TckConfig} from './config/schema.js'
import type {
  CacheDecision,
  ExecRequest,
  ExecResult,
  KeyParts,
  Recipe,
  RecipeSource,
  TaskSpec,
} from './contracts/task.js'
import type {ActionResult} from './contracts/cache.js'
import type {BuildReport} from './reports/model.js'

/** The build as one run of the engine sees it. */
export interface BuildContext {
  root: string
  config: TckConfig
  configFile?: string
  /** The engine's options, after flags and config: jobs, keepGoing, ... */
  options: Record<string, unknown>
}

/** One task as it travels through the per-task hooks. */
export interface TaskContext {
  build: BuildContext
  task: TaskSpec
  /** SHA-256 action key; set after `computeKey`. */
  key?: string
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
    /** A recipe file was read; taps may edit its text before it is parsed. */
    recipeLoaded: new AsyncSeriesWaterfallHook<[RecipeSource, BuildContext]>(['source', 'build']),
    /** A recipe was parsed into tasks. */
    recipeParsed: new AsyncSeriesWaterfallHook<[Recipe, BuildContext]>(['recipe', 'build']),
    /** A recipe's variables and parameters were expanded into its tasks. */
    recipeExpanded: new AsyncSeriesWaterfallHook<[Recipe, BuildContext]>(['recipe', 'build']),
    /** The task graph was built and checked (every dependency exists, no cycle). */
    graphBuilt: new AsyncSeriesHook<[Graph, BuildContext]>(['graph', 'build']),
    /** The execution order was fixed; taps may reorder ready tasks no further than dependencies allow. */
    scheduled: new AsyncSeriesHook<[Graph, BuildContext]>(['graph', 'build']),
    /** A task's key parts were gathered; taps may add parts (a toolchain id, a flag). */
    computeKey: new AsyncSeriesWaterfallHook<[KeyParts, TaskContext]>(['parts', 'task']),
    /** The cache was asked; a tap may turn a hit into a miss to force a rebuild. */
    cacheChecked: new AsyncSeriesWaterfallHook<[CacheDecision, TaskContext]>(['decision', 'task']),
    /** A task is about to run; taps may change argv, env, flags, or set `abort`. */
    beforeExecute: new AsyncSeriesWaterfallHook<[ExecRequest, TaskContext]>(['request', 'task']),
    /** Run the task: the first tap that returns a result is the executor that ran it. */
    execute: new AsyncSeriesBailHook<[ExecRequest, TaskContext], ExecResult>(['request', 'task']),
    /** A task ran (successfully or not); taps see its result and timings. */
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
