/** One build as its reports show it: outcomes joined with the graph, and the critical path. */
import {countOutcomes, type OutcomeCounts} from '../engine/events.js'
import type {BuildSummary, Graph, TaskOutcome} from '../pipeline.js'
import {criticalPath, type CriticalPath} from './critical.js'

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
  key?: string
  error?: string
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
}

export function buildReport(summary: BuildSummary, graph: Graph | undefined, finishedAt: Date): BuildReport {
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
    key: outcome.key,
    error: outcome.error,
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
