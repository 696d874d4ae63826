/** One task through its hooks: key, cache check, execute (or restore), store, materialize. */
import {join} from 'node:path'
import type {ExecRequest, ExecResult, TaskSpec} from '../contracts/task.js'
import {TckError} from '../errors.js'
import type {BuildContext, Pipeline, TaskContext, TaskOutcome} from '../pipeline.js'
import {actionKey, baseKeyParts, passedEnv} from './key.js'

export interface TaskRunOptions {
  stdio: 'capture' | 'inherit'
}

export function execRequest(build: BuildContext, task: TaskSpec, stdio: ExecRequest['stdio']): ExecRequest {
  const argv = 'argv' in task.command ? [...task.command.argv] : [task.command.shell ?? '/bin/sh', '-ec', task.command.script]
  return {
    argv,
    cwd: join(build.root, task.cwd ?? '.'),
    env: passedEnv(task),
    stdio,
    outputs: task.outputs,
    resources: task.resources,
    executor: task.executor ?? build.config.executor,
  }
}

function failure(task: TaskSpec, result: ExecResult): TckError {
  const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`
  const tail = result.stderr.toString('utf8').trimEnd().split('\n').slice(-10).join('\n')
  return new TckError('TASK_FAILED', `task "${task.id}" ${how}${tail ? `:\n${tail}` : ''}`)
}

export async function runTask(
  pipeline: Pipeline,
  context: TaskContext,
  depKeys: Map<string, string>,
  options: TaskRunOptions,
): Promise<{outcome: TaskOutcome; error?: Error}> {
  const {task, build} = context
  const started = performance.now()
  const outcome = (status: TaskOutcome['status'], error?: string): TaskOutcome => ({
    id: task.id,
    status,
    durationMs: Math.round(performance.now() - started),
    key: context.key,
    error,
  })
  try {
    const parts = await pipeline.computeKey.promise(await baseKeyParts(build.root, task, depKeys), context)
    context.key = actionKey(parts)
    const decision = await pipeline.cacheChecked.promise({hit: false, reason: 'no cache level holds this key'}, context)
    if (decision.hit && task.cacheable) {
      await pipeline.outputsMaterialized.promise(context)
      return {outcome: outcome('cached')}
    }
    for (;;) {
      context.attempt += 1
      const request = await pipeline.beforeExecute.promise(execRequest(build, task, options.stdio), context)
      if (request.abort) throw new TckError('TASK_ABORTED', `task "${task.id}" was aborted: ${request.abort}`)
      const result = await pipeline.execute.promise(request, context)
      if (!result) throw new TckError('PROVIDER_NOT_FOUND', `no executor ran task "${task.id}"`)
      await pipeline.afterExecute.promise(result, context)
      if (result.exitCode === 0 && !result.signal) break
      if (context.signal.aborted || !result.transient || context.attempt > task.retries) throw failure(task, result)
      await new Promise((resolve) => setTimeout(resolve, 100 * 2 ** (context.attempt - 1)))
    }
    await pipeline.outputsMaterialized.promise(context)
    return {outcome: outcome('built')}
  } catch (error) {
    const reported = error instanceof Error ? error : new Error(String(error))
    const aborted = reported instanceof TckError && reported.code === 'TASK_ABORTED'
    await pipeline.taskFailed.promise(reported, context)
    return {outcome: outcome(aborted ? 'aborted' : 'failed', reported.message), error: reported}
  }
}
