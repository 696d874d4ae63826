/** The engine's per-task hooks, fired for one script task, and the test for whether the launcher may skip them. */
import type {ActionResult} from '../contracts/cache.js'
import type {ExecRequest, ExecResult} from '../contracts/task.js'
import {TckError} from '../errors.js'
import type {HookName, Pipeline, TaskContext} from '../pipeline.js'

/** Runs a task's command through beforeExecute / execute / afterExecute; an `abort` stops it first. */
export async function executeTask(pipeline: Pipeline, context: TaskContext, request: ExecRequest): Promise<ExecResult> {
  context.attempt += 1
  const final = await pipeline.beforeExecute.promise(request, context)
  if (final.abort) throw new TckError('TASK_ABORTED', `task "${context.task.id}" was aborted: ${final.abort}`)
  const result = await pipeline.execute.promise(final, context)
  if (!result) throw new TckError('PROVIDER_NOT_FOUND', `no executor ran task "${context.task.id}"`)
  await pipeline.afterExecute.promise(result, context)
  return result
}

export async function storeOutputs(pipeline: Pipeline, context: TaskContext, action: ActionResult): Promise<void> {
  await pipeline.outputsStored.promise(action, context)
}

/** Hooks a script run fires; a tap on any of them (other than the host's) needs Node on every run. */
const SCRIPT_HOOKS: HookName[] = [
  'recipeLoaded', 'recipeParsed', 'recipeExpanded', 'graphBuilt', 'scheduled', 'computeKey', 'cacheChecked',
  'beforeExecute', 'execute', 'afterExecute', 'outputsStored', 'outputsMaterialized', 'taskFailed',
]

interface Tapped {
  taps?: Array<{name: string}>
  interceptors?: unknown[]
}

/** Plugins (by name) whose taps would not fire if the launcher ran the cached binary itself. */
export function foreignTaps(pipeline: Pipeline): string[] {
  const names = new Set<string>()
  for (const hook of SCRIPT_HOOKS) {
    const tapped = pipeline[hook] as unknown as Tapped
    for (const {name} of tapped.taps ?? []) if (name !== 'tck') names.add(name)
    if ((tapped.interceptors?.length ?? 0) > 0) names.add('--trace-hooks')
  }
  return [...names]
}
