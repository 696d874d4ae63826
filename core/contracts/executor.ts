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
}
