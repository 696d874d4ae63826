/** What a build reports as it goes: progress views, `--json` streams and reports read these. */
import type {TaskOutcome} from '../pipeline.js'

export type OutcomeCounts = Record<TaskOutcome['status'], number>

export type BuildEvent =
  | {type: 'build-start'; time: number; total: number; jobs: number}
  /** `worker` is the pool slot (0 .. jobs-1) the task runs in. */
  | {type: 'task-start'; time: number; id: string; worker: number}
  | {type: 'task-end'; time: number; id: string; worker?: number; status: TaskOutcome['status']; durationMs: number; error?: string}
  /** The last event carries every outcome, so a consumer of the stream needs only its last line. */
  | {type: 'build-end'; time: number; ok: boolean; interrupted: boolean; durationMs: number; counts: OutcomeCounts; outcomes: TaskOutcome[]}

export function countOutcomes(outcomes: Iterable<TaskOutcome>): OutcomeCounts {
  const counts: OutcomeCounts = {built: 0, cached: 0, failed: 0, skipped: 0, aborted: 0}
  for (const {status} of outcomes) counts[status] += 1
  return counts
}
