/** The build: recipes to graph to schedule, then tasks in dependency order on a pool of `jobs` workers. */
import {availableParallelism} from 'node:os'
import type {BuildContext, BuildSummary, Graph, Pipeline, TaskContext, TaskOutcome} from '../pipeline.js'
import type {Registries} from '../registries.js'
import {buildGraph, selectTargets} from './graph.js'
import {loadRecipes} from './recipes.js'
import {runTask} from './task.js'

export interface BuildOptions {
  targets: string[]
  jobs?: number
  keepGoing: boolean
  stdio: 'capture' | 'inherit'
  signal?: AbortSignal
  /** Called as each task ends, for progress views. */
  onTask?: (outcome: TaskOutcome, done: number, total: number) => void
}

export async function planBuild(build: BuildContext, pipeline: Pipeline, registries: Registries, targets: string[]): Promise<Graph> {
  const graph = selectTargets(buildGraph(await loadRecipes(build, pipeline, registries)), targets)
  await pipeline.graphBuilt.promise(graph, build)
  await pipeline.scheduled.promise(graph, build)
  return graph
}

export async function runBuild(
  build: BuildContext,
  pipeline: Pipeline,
  registries: Registries,
  options: BuildOptions,
): Promise<BuildSummary & {errors: Error[]}> {
  const started = performance.now()
  const graph = await planBuild(build, pipeline, registries, options.targets)
  const jobs = options.jobs ?? build.config.jobs ?? availableParallelism()
  // Fail-fast stops scheduling and lets running tasks finish; an interrupt (Ctrl-C) also stops them.
  const interrupt = options.signal ?? new AbortController().signal
  let stopping = false

  const keys = new Map<string, string>()
  const outcomes = new Map<string, TaskOutcome>()
  const errors: Error[] = []
  const pending = new Set(graph.order)
  const running = new Map<string, Promise<void>>()

  const blocked = (id: string) => graph.tasks.get(id)!.deps.some((dep) => {
    const status = outcomes.get(dep)?.status
    return status === 'failed' || status === 'aborted' || status === 'skipped'
  })
  const ready = (id: string) => graph.tasks.get(id)!.deps.every((dep) => keys.has(dep) && outcomes.has(dep))

  const start = (id: string) => {
    pending.delete(id)
    const context: TaskContext = {build, task: graph.tasks.get(id)!, attempt: 0, data: {}, signal: interrupt}
    running.set(
      id,
      runTask(pipeline, context, keys, {stdio: options.stdio}).then(({outcome, error}) => {
        running.delete(id)
        outcomes.set(id, outcome)
        if (context.key) keys.set(id, context.key)
        if (error) {
          errors.push(error)
          if (!options.keepGoing) stopping = true
        }
        options.onTask?.(outcome, outcomes.size, graph.order.length)
      }),
    )
  }

  while (pending.size > 0 || running.size > 0) {
    for (const id of [...pending]) {
      if (stopping || interrupt.aborted || blocked(id)) {
        pending.delete(id)
        outcomes.set(id, {id, status: 'skipped', durationMs: 0})
      } else if (running.size < jobs && ready(id)) {
        start(id)
      }
    }
    if (running.size > 0) await Promise.race(running.values())
  }

  const list = graph.order.map((id) => outcomes.get(id)!)
  const summary = {context: build, outcomes: list, durationMs: Math.round(performance.now() - started), ok: errors.length === 0}
  await pipeline.buildFinished.promise(summary)
  return {...summary, errors}
}
