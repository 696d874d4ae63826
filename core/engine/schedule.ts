/**
 * The engine's ready queue: the WASM critical-path scheduler over the build graph. The most
 * urgent ready task comes first (longest critical path, then most dependents, then longest
 * estimated duration), so long chains start early and the build ends sooner. Estimates are the
 * durations of the previous run, kept in the project state; a task never built counts 1 ms.
 */
import {TckError} from '../errors.js'
import type {Graph, TaskOutcome} from '../pipeline.js'
import {createScheduleGraph} from '../wasm/scheduler.js'
import type {JsonSection, ProjectState} from './state.js'

export interface ReadyQueue {
  /** The most urgent task whose dependencies are all done, or undefined when none is. */
  next(): string | undefined
  /** A task succeeded: its dependents with nothing left to wait for become ready. */
  done(id: string): void
  /** The estimated time from the start of this task to the end of the longest chain after it. */
  criticalPathMs(id: string): number
}

export type Durations = Record<string, number>

export function readyQueue(graph: Graph, durations: Durations = {}): ReadyQueue {
  const ids = graph.order
  const index = new Map(ids.map((id, task) => [id, task]))
  let edgeCount = 0
  for (const id of ids) edgeCount += graph.tasks.get(id)!.deps.length
  // Written straight into the module's memory: nothing is copied when it is analysed or served.
  const schedule = createScheduleGraph(ids.length, edgeCount)
  let edge = 0
  ids.forEach((id, task) => {
    const estimate = durations[id]
    schedule.durations[task] = typeof estimate === 'number' && estimate > 0 ? estimate : 1
    for (const dep of graph.tasks.get(id)!.deps) schedule.deps[edge++] = index.get(dep)!
    schedule.depStart[task + 1] = edge
  })
  const cycle = schedule.analyze()
  if (cycle) {
    const names = [...cycle, cycle[0]].map((task) => ids[task]).join(' -> ')
    throw new TckError('GRAPH_INVALID', `dependency cycle: ${names}`, {hint: 'Remove one of these dependencies.'})
  }
  schedule.start()
  return {
    next() {
      const task = schedule.pop()
      return task < 0 ? undefined : ids[task]
    },
    done: (id) => schedule.complete(index.get(id)!),
    criticalPathMs: (id) => schedule.critical[index.get(id)!],
  }
}

const isDurations = (value: unknown): value is Durations => value !== null && typeof value === 'object' && !Array.isArray(value)

/** The last run's durations (project state `.tck/durations.json`); missing or unreadable means no estimates, never an error. */
export function loadDurations(state: ProjectState): Promise<JsonSection<Durations>> {
  return state.json('durations', (saved) => (isDurations(saved) ? saved : undefined), () => ({}))
}

/** Keeps the durations of tasks that ran: a cache hit says nothing about how long a build takes. */
export function saveDurations(durations: JsonSection<Durations>, outcomes: TaskOutcome[]): void {
  const built = outcomes.filter((outcome) => outcome.status === 'built')
  if (built.length === 0) return
  for (const {id, durationMs} of built) durations.value[id] = Math.max(1, durationMs)
  durations.set()
}
