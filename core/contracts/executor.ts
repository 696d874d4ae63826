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
  run(request: ExecRequest, signal: AbortSignal): Promise<ExecResult>
  /**
   * What of this executor's settings can change a task's result (mounts, hidden paths, network,
   * limits): part of the key of every task it runs, so a result built under other settings — or
   * by another executor — never satisfies it. Absent: only the executor's name counts.
   */
  identity?(request: ExecRequest): string
}
