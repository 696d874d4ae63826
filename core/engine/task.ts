/** One task through its hooks: key, cache check, execute (or restore), store, materialize. */
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import type {ActionResult} from '../contracts/cache.js'
import type {ExecRequest, ExecResult, TaskSpec} from '../contracts/task.js'
import {TckError} from '../errors.js'
import {sha256} from '../io/digest.js'
import {log} from '../log.js'
import type {BuildContext, Pipeline, TaskContext, TaskOutcome} from '../pipeline.js'
import {clearOutputs, collectOutputs, outputsDigest, restoreOutputs} from '../store/outputs.js'
import type {Registries} from '../registries.js'
import type {Store} from '../store/store.js'
import {actionKey, baseKeyParts, passedEnv} from './key.js'

export interface TaskRunOptions {
  stdio: 'capture' | 'inherit'
  /** The build's store; without one every task runs. */
  store?: Store
  /** The providers; compilers identify the programs a task runs, for its key. */
  registries: Registries
}

export function execRequest(build: BuildContext, task: TaskSpec, stdio: ExecRequest['stdio']): ExecRequest {
  const argv = 'argv' in task.command ? [...task.command.argv] : [task.command.shell ?? '/bin/sh', '-ec', task.command.script]
  return {
    argv,
    cwd: join(build.root, task.cwd ?? '.'),
    root: build.root,
    env: passedEnv(task),
    stdio,
    outputs: task.outputs,
    resources: task.resources,
    executor: task.executor ?? build.config.executor,
  }
}

/** Each build's digests of its tasks' outputs, by task id: dependents' keys include them. */
const builtOutputs = new WeakMap<BuildContext, Map<string, string>>()

function outputsOf(build: BuildContext): Map<string, string> {
  let outputs = builtOutputs.get(build)
  if (!outputs) builtOutputs.set(build, (outputs = new Map()))
  return outputs
}

function recordOutputs(build: BuildContext, id: string, digest: string): void {
  outputsOf(build).set(id, digest)
}

function failure(task: TaskSpec, result: ExecResult): TckError {
  const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`
  const tail = result.stderr.toString('utf8').trimEnd().split('\n').slice(-10).join('\n')
  return new TckError('TASK_FAILED', `task "${task.id}" ${how}${tail ? `:\n${tail}` : ''}`)
}

/** Runs the task through its executor, retrying what the executor calls transient. */
async function execute(pipeline: Pipeline, context: TaskContext, options: TaskRunOptions): Promise<ExecResult> {
  const {task, build} = context
  await clearOutputs(build.root, task.id, task.outputs)
  for (;;) {
    context.attempt += 1
    const request = await pipeline.beforeExecute.promise(execRequest(build, task, options.stdio), context)
    if (request.abort) throw new TckError('TASK_ABORTED', `task "${task.id}" was aborted: ${request.abort}`)
    const result = await pipeline.execute.promise(request, context)
    if (!result) throw new TckError('PROVIDER_NOT_FOUND', `no executor ran task "${task.id}"`)
    await pipeline.afterExecute.promise(result, context)
    if (result.exitCode === 0 && !result.signal) return result
    if (context.signal.aborted || !result.transient || context.attempt > task.retries) throw failure(task, result)
    // Exponential backoff (0.1 s, 0.2 s, 0.4 s, ... at most 10 s); Ctrl-C ends the wait at once.
    await sleep(Math.min(100 * 2 ** (context.attempt - 1), 10_000), undefined, {signal: context.signal}).catch(() => {
      throw failure(task, result)
    })
  }
}

/** A hit: outputs back in place and the recorded output replayed; false when a blob is gone (then it runs). */
async function restore(context: TaskContext, action: ActionResult, store: Store, options: TaskRunOptions): Promise<boolean> {
  try {
    if (!(await restoreOutputs(context.build.root, action, store))) return false
  } catch (error) {
    // A bad entry (an output path outside the project) is a miss to rebuild, not a failed build.
    if (!(error instanceof TckError && error.code === 'STORE_CORRUPT')) throw error
    log.warn(`task "${context.task.id}": ${error.message}; running it instead`)
    return false
  }
  const [stdout, stderr] = await Promise.all([action.stdoutDigest, action.stderrDigest].map((digest) => (digest ? store.getBlob(digest) : undefined)))
  if ((action.stdoutDigest && !stdout) || (action.stderrDigest && !stderr)) return false
  context.data.replayed = {stdout: stdout ?? Buffer.alloc(0), stderr: stderr ?? Buffer.alloc(0), exitCode: action.exitCode}
  if (options.stdio === 'inherit') {
    if (stdout) process.stdout.write(stdout)
    if (stderr) process.stderr.write(stderr)
  }
  return true
}

async function storeResult(context: TaskContext, result: ExecResult, store: Store): Promise<ActionResult> {
  const {build, task} = context
  const outputs = await collectOutputs(build.root, task.id, task.outputs, store)
  const digestOf = async (data: Buffer) => {
    if (data.length === 0) return undefined
    const digest = sha256(data)
    await store.putBlob(digest, data)
    return digest
  }
  const action: ActionResult = {
    outputs,
    exitCode: result.exitCode,
    stdoutDigest: await digestOf(result.stdout),
    stderrDigest: await digestOf(result.stderr),
    createdAt: new Date().toISOString(),
    durationMs: result.durationMs,
  }
  await store.putAction(context.key!, action)
  return action
}

export async function runTask(
  pipeline: Pipeline,
  context: TaskContext,
  depKeys: Map<string, string>,
  options: TaskRunOptions,
): Promise<{outcome: TaskOutcome; error?: Error}> {
  const {task, build} = context
  const store = task.cacheable ? options.store : undefined
  const started = performance.now()
  const outcome = (status: TaskOutcome['status'], error?: string): TaskOutcome => ({
    id: task.id,
    status,
    durationMs: Math.round(performance.now() - started),
    key: context.key,
    error,
  })
  try {
    const parts = await pipeline.computeKey.promise(await baseKeyParts(build, options.registries, task, depKeys, outputsOf(build)), context)
    context.key = actionKey(parts)
    const action = store ? await store.getAction(context.key) : undefined
    const reason = !task.cacheable ? 'the task is not cacheable' : action ? undefined : 'no cache level holds this key'
    const decision = await pipeline.cacheChecked.promise({hit: Boolean(action), reason}, context)
    if (decision.hit && action && store && (await restore(context, action, store, options))) {
      recordOutputs(build, task.id, outputsDigest(action.outputs, context.key))
      await pipeline.outputsMaterialized.promise(context)
      return {outcome: {...outcome('cached'), cacheLevel: action.servedBy}}
    }
    const result = await execute(pipeline, context, options)
    if (store) {
      const stored = await storeResult(context, result, store)
      recordOutputs(build, task.id, outputsDigest(stored.outputs, context.key))
      await pipeline.outputsStored.promise(stored, context)
    } else {
      recordOutputs(build, task.id, outputsDigest(await collectOutputs(build.root, task.id, task.outputs), context.key))
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
