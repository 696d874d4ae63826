/** One build as its reports show it: outcomes joined with the graph, and the critical path. */
import {countOutcomes, type OutcomeCounts} from '../engine/events.js'
import type {BuildSummary, Graph, TaskOutcome} from '../pipeline.js'
import {describeChanges} from '../explain/diff.js'
import type {TaskExplanation} from '../explain/explanation.js'
import {criticalPath, type CriticalPath} from './critical.js'

/** One step inside a task (a compile or link a CMake build ran), added by a plugin; milliseconds from the start of the build. */
export interface ReportStep {
  name: string
  startedAt: number
  endedAt: number
  /** What the step belongs to inside the task (a CMake target). */
  group?: string
}

export interface ReportTask {
  id: string
  kind: string
  status: TaskOutcome['status']
  durationMs: number
  /** Milliseconds from the start of the build; absent for tasks that never started. */
  startedAt?: number
  endedAt?: number
  worker?: number
  deps: string[]
  critical: boolean
  /** Why it ran rather than coming from the cache: one sentence, then the key parts that changed. */
  why?: string[]
  key?: string
  /** The whole error: for a failed command, its exit status and the tail of its stderr. */
  error?: string
  /** For a cache hit: the store level that held the result. */
  cacheLevel?: string
  /** Steps inside the task, drawn under the worker lanes of the timeline. */
  steps?: ReportStep[]
}

export interface BuildReport {
  format: 1
  finishedAt: string
  durationMs: number
  ok: boolean
  /** Timeline lanes: one per worker slot that ran a task. */
  workers: number
  counts: OutcomeCounts
  criticalPath: CriticalPath
  tasks: ReportTask[]
  /** Lines a plugin adds to the summary (a compiler cache's hit rate). */
  notes?: string[]
}

/** The changed parts a level deep (each dependency has its own row); `tck explain` follows the chain. */
const WHY_LINES = 6

function why(explanation: TaskExplanation | undefined): string[] | undefined {
  if (!explanation) return undefined
  const lines = describeChanges(explanation.changes, '').filter((line) => !line.startsWith(' ')).map((line) => line.replace(/:$/, '').replace(/ \(see above\)$/, ''))
  return [explanation.summary, ...(lines.length > WHY_LINES ? [...lines.slice(0, WHY_LINES - 1), `and ${lines.length - WHY_LINES + 1} more`] : lines)]
}

export function buildReport(summary: BuildSummary, graph: Graph | undefined, finishedAt: Date, explanations: TaskExplanation[] = []): BuildReport {
  const reasons = new Map(explanations.map((explanation) => [explanation.task, explanation]))
  const depsOf = (id: string) => graph?.tasks.get(id)?.deps ?? []
  // Only what ran (or was restored) is on the path: a skipped task took no time.
  const executed = summary.outcomes.filter((outcome) => outcome.status !== 'skipped')
  const path = criticalPath(executed.map((outcome) => ({id: outcome.id, deps: depsOf(outcome.id), durationMs: outcome.durationMs})))
  const onPath = new Set(path.tasks)
  const tasks = summary.outcomes.map((outcome): ReportTask => ({
    id: outcome.id,
    kind: graph?.tasks.get(outcome.id)?.kind ?? 'task',
    status: outcome.status,
    durationMs: outcome.durationMs,
    startedAt: outcome.startedAt,
    endedAt: outcome.endedAt,
    worker: outcome.worker,
    deps: depsOf(outcome.id),
    critical: onPath.has(outcome.id),
    why: why(reasons.get(outcome.id)),
    key: outcome.key,
    error: outcome.error,
    cacheLevel: outcome.cacheLevel,
  }))
  const workers = Math.max(0, ...tasks.map((task) => (task.worker ?? -1) + 1))
  return {
    format: 1,
    finishedAt: finishedAt.toISOString(),
    durationMs: summary.durationMs,
    ok: summary.ok,
    workers,
    counts: countOutcomes(summary.outcomes),
    criticalPath: path,
    tasks,
  }
}
