import type {BuildContext} from '../pipeline.js'
import type {ExecRequest, ExecResult} from './task.js'

/** What an executor enforces on this machine, for `tck doctor`. */
export interface ExecutorInfo {
  available: boolean
  reason?: string
  enforces: string[]
}

/** A sandbox executor runs one process per request. */
export interface Executor {
  name: string
  describe(): Promise<ExecutorInfo>
  /**
   * What of this executor and its settings can change a task's result (a sandbox's mounts, hidden
   * paths, limits), as one string in the key of every task it runs (`request` is the final one): a
   * result built under looser settings, or by another executor, is never taken for this one.
   * Absent: only the executor's name counts.
   */
  identity?(request: ExecRequest, build: BuildContext): string
  run(request: ExecRequest, signal: AbortSignal): Promise<ExecResult>
}
