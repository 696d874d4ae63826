/**
 * The engine's ready queue: the WASM critical-path scheduler over the build graph. The most
 * urgent ready task comes first (longest critical path, then most dependents, then longest
 * estimated duration), so long chains start early and the build ends sooner. Estimates are the
 * durations of the previous run, kept in .tck/durations.json; a task never built counts 1 ms.
 */
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {TckError} from '../errors.js'
import {atomicWriteFile} from '../io/atomic.js'
import type {Graph, TaskOutcome} from '../pipeline.js'
import {createScheduleGraph} from '../wasm/scheduler.js'

export interface ReadyQueue {
  /** The most urgent task whose dependencies are all done, or undefined when none is. */
  next(): string | undefined
  /** A task succeeded: its dependents with nothing left to wait for become ready. */
  done(id: string): void
  /** The estimated time from the start of this task to the end of the longest chain after it. */
  criticalPathMs(id: string): number
}

export type Durations = Record<string, number>

export function durationsFile(root: string): string {
  return join(root, '.tck', 'durations.json')
}

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

/** The last run's durations; a missing or unreadable file means no estimates, never an error. */
export async function loadDurations(root: string): Promise<Durations> {
  try {
    const parsed: unknown = JSON.parse(await readFile(durationsFile(root), 'utf8'))
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Durations) : {}
  } catch {
    return {}
  }
}

/** Keeps the durations of tasks that ran: a cache hit says nothing about how long a build takes. */
export async function saveDurations(root: string, outcomes: TaskOutcome[]): Promise<void> {
  const built = outcomes.filter((outcome) => outcome.status === 'built')
  if (built.length === 0) return
  const durations = await loadDurations(root)
  for (const {id, durationMs} of built) durations[id] = Math.max(1, durationMs)
  try {
    await atomicWriteFile(durationsFile(root), `${JSON.stringify(durations)}\n`)
  } catch {
    // Estimates only make the order better; a read-only project still builds.
  }
}
