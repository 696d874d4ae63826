/** The build: recipes to graph to schedule, then tasks in dependency order on a pool of `jobs` workers. */
import {availableParallelism} from 'node:os'
import type {BuildContext, BuildSummary, Graph, Pipeline, TaskContext, TaskOutcome} from '../pipeline.js'
import type {Registries} from '../registries.js'
import {countOutcomes, type BuildEvent} from './events.js'
import {buildGraph, selectTargets} from './graph.js'
import {removePartialOutputs} from './interrupt.js'
import {loadRecipes} from './recipes.js'
import {loadDurations, readyQueue, saveDurations} from './schedule.js'
import {runTask} from './task.js'
import {saveDigestCache} from '../io/digest-cache.js'
import {savedCompilerDetections} from './compiler-detections.js'
import {openStore} from '../store/open.js'

export interface BuildOptions {
  targets: string[]
  jobs?: number
  keepGoing: boolean
  stdio: 'capture' | 'inherit'
  /** Aborted on Ctrl-C: running children are killed, nothing new starts. */
  signal?: AbortSignal
  /** Every start and end, for progress views and `--json` streams. */
  onEvent?: (event: BuildEvent) => void
}

export type BuildResult = BuildSummary & {errors: Error[]; interrupted: boolean}

export async function planBuild(build: BuildContext, pipeline: Pipeline, registries: Registries, targets: string[]): Promise<Graph> {
  const graph = selectTargets(buildGraph(await loadRecipes(build, pipeline, registries)), targets)
  await pipeline.graphBuilt.promise(graph, build)
  await pipeline.scheduled.promise(graph, build)
  return graph
}

export async function runBuild(build: BuildContext, pipeline: Pipeline, registries: Registries, options: BuildOptions): Promise<BuildResult> {
  const started = performance.now()
  const emit = options.onEvent ?? (() => {})
  const graph = await planBuild(build, pipeline, registries, options.targets)
  const jobs = Math.max(1, options.jobs ?? build.config.jobs ?? availableParallelism())
  const interrupt = options.signal ?? new AbortController().signal
  const queue = readyQueue(graph, await loadDurations(build.root))
  // One store per build: each level is opened once and closed (its counters saved) when the build ends.
  const store = await openStore(build.config, registries, {signal: interrupt})

  const keys = new Map<string, string>()
  const outcomes = new Map<string, TaskOutcome>()
  const errors: Error[] = []
  const freeWorkers = Array.from({length: jobs}, (_, slot) => jobs - 1 - slot)
  let running = 0
  // Resolved whenever a task ends, so the loop wakes once per ended task without re-racing every running one.
  let wake = () => {}
  // Fail fast stops scheduling and lets running tasks finish; an interrupt also kills them.
  let stopping = false

  emit({type: 'build-start', time: Date.now(), total: graph.order.length, jobs})

  const sinceStart = () => Math.round(performance.now() - started)
  const finish = async (id: string, worker: number, startedAt: number, context: TaskContext, result: Awaited<ReturnType<typeof runTask>>) => {
    const status = interrupt.aborted && result.outcome.status === 'failed' ? 'aborted' as const : result.outcome.status
    const outcome: TaskOutcome = {...result.outcome, status, startedAt, endedAt: sinceStart(), worker}
    if (outcome.status === 'aborted') await removePartialOutputs(build.root, context.task)
    outcomes.set(id, outcome)
    if (context.key) keys.set(id, context.key)
    if (result.error) {
      errors.push(result.error)
      if (!options.keepGoing) stopping = true
    } else {
      queue.done(id)
    }
    freeWorkers.push(worker)
    emit({type: 'task-end', time: Date.now(), id, worker, status: outcome.status, durationMs: outcome.durationMs, error: outcome.error})
  }

  const start = (id: string) => {
    const worker = freeWorkers.pop()!
    const context: TaskContext = {build, task: graph.tasks.get(id)!, attempt: 0, data: {}, signal: interrupt}
    emit({type: 'task-start', time: Date.now(), id, worker})
    const startedAt = sinceStart()
    running++
    void runTask(pipeline, context, keys, {stdio: options.stdio, store, registries})
      .then((result) => finish(id, worker, startedAt, context, result))
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
  const list = graph.order.map((id) => outcomes.get(id)!)
  await saveDurations(build.root, list)
  await saveDigestCache(build.root)
  await savedCompilerDetections(build.root)
  const ok = errors.length === 0 && !interrupt.aborted
  const summary: BuildSummary = {context: build, outcomes: list, durationMs: Math.round(performance.now() - started), ok}
  await pipeline.buildFinished.promise(summary)
  emit({type: 'build-end', time: Date.now(), ok, interrupted: interrupt.aborted, durationMs: summary.durationMs, counts: countOutcomes(list), outcomes: list})
  return {...summary, errors, interrupted: interrupt.aborted}
}
