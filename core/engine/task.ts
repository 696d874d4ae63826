/**
 * One task through its hooks: request (keyed taps), key, cache check, then a restore — or execute,
 * store and materialize. Every hook is fired through the build's driver.
 */
import {mkdir, rm} from 'node:fs/promises'
import {setTimeout as sleep} from 'node:timers/promises'
import type {ActionResult} from '../contracts/cache.js'
import type {ExecRequest, ExecResult} from '../contracts/task.js'
import {TckError} from '../errors.js'
import {sha256} from '../io/digest.js'
import {log} from '../log.js'
import type {TaskContext, TaskOutcome} from '../pipeline.js'
import {clearOutputs, collectOutputs, outputsDigest, outputsInPlace, restoreOutputs} from '../store/outputs.js'
import type {ServedAction, Store} from '../store/store.js'
import type {Build, BuildOptions} from './build.js'
import {actionKey, execRequest, taskKey, type TaskKey} from './key.js'
import {contentsOnce, readParts, readSetOf, saveManifest, volatileRead, withSet} from './reads.js'
import {ReadsSeen} from './scans.js'
import {lastResults, recordResult} from './results.js'

function failure(context: TaskContext, result: ExecResult): TckError {
  const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`
  const tail = result.stderr.toString('utf8').trimEnd().split('\n').slice(-10).join('\n')
  return new TckError('TASK_FAILED', `task "${context.task.id}" ${how}${tail ? `:\n${tail}` : ''}`)
}

/** What beforeExecute taps see: the request, frozen, so a tap cannot run a command other than the keyed one. */
const lookOnly = (request: ExecRequest): Readonly<ExecRequest> =>
  Object.freeze({...request, argv: Object.freeze([...request.argv]) as string[], env: Object.freeze({...request.env}), inputs: Object.freeze([...request.inputs]) as string[], outputs: Object.freeze([...request.outputs]) as string[]})

/** Runs the request through its executor, retrying what the executor (or an afterExecute tap) calls transient. */
async function execute(build: Build, context: TaskContext, request: ExecRequest): Promise<ExecResult> {
  const {task} = context
  await clearOutputs(build.root, task.id, request.outputs)
  for (;;) {
    context.attempt += 1
    const abort: unknown = await build.driver.fire('beforeExecute', lookOnly(request), context)
    if (abort !== undefined && typeof abort !== 'string') {
      throw new TckError('PLUGIN_FAILED', `task "${task.id}": a beforeExecute tap returned a value that is not a reason to abort`, {
        hint: 'beforeExecute only looks, or returns a reason (a string) to abort the task; change the request in requestCreated, which is keyed.',
      })
    }
    if (abort) throw new TckError('TASK_ABORTED', `task "${task.id}" was aborted: ${abort}`)
    const result = await build.driver.fire('execute', request, context)
    if (!result) throw new TckError('PROVIDER_NOT_FOUND', `no executor ran task "${task.id}"`)
    await build.driver.fire('afterExecute', result, context)
    if (result.exitCode === 0 && !result.signal) return result
    if (context.signal.aborted || !result.transient || context.attempt > task.retries) throw failure(context, result)
    // Exponential backoff (0.1 s, 0.2 s, 0.4 s, ... at most 10 s); Ctrl-C ends the wait at once.
    await sleep(Math.min(100 * 2 ** (context.attempt - 1), 10_000), undefined, {signal: context.signal}).catch(() => {
      throw failure(context, result)
    })
  }
}

/** A cached result, and whether its outputs were found already in place (then nothing is restored). */
type Found = ServedAction & {inPlace?: boolean}

/** A hit: outputs back in place and the recorded output replayed; false when a blob is gone (then it runs). */
async function restore(build: Build, context: TaskContext, action: Found, request: ExecRequest): Promise<boolean> {
  const store = build.store!
  try {
    if (!action.inPlace && !(await restoreOutputs(build.root, action, store, await build.digests()))) return false
  } catch (error) {
    // A bad entry (an output path outside the project) is a miss to rebuild, not a failed build.
    if (!(error instanceof TckError && error.code === 'STORE_CORRUPT')) throw error
    log.warn(`task "${context.task.id}": ${error.message}; running it instead`)
    return false
  }
  const [stdout, stderr] = await Promise.all([action.stdoutDigest, action.stderrDigest].map((digest) => (digest ? store.getBlob(digest) : undefined)))
  if ((action.stdoutDigest && !stdout) || (action.stderrDigest && !stderr)) return false
  context.data.replayed = {stdout: stdout ?? Buffer.alloc(0), stderr: stderr ?? Buffer.alloc(0), exitCode: action.exitCode}
  if (request.stdio === 'inherit') {
    if (stdout) process.stdout.write(stdout)
    if (stderr) process.stderr.write(stderr)
  }
  return true
}

/** After a run of a command whose reads are listed: keep what it read under the base key, and key the result by it. */
async function keyByReads(build: Build, context: TaskContext, keyed: TaskKey): Promise<void> {
  const {inspected, scratch, manifest} = keyed.reads!
  const contents = contentsOnce(await build.digests(), await ReadsSeen.open(build.state))
  const set = await readSetOf(inspected, inspected.listing!.depfiles, context.request!.cwd, build.root, contents)
  if (!set) throw new TckError('TASK_FAILED', `task "${context.task.id}": ${context.request!.argv[0]} wrote no list of the files it read, so its result cannot be keyed`)
  await saveManifest(build.store!, keyed.baseKey, withSet(manifest, set))
  const read = await readParts(set, build.root, contents.digestOf, (path) => build.exists(path))
  if ('stale' in read) throw new TckError('TASK_FAILED', `task "${context.task.id}": ${read.stale} (it changed while the task ran)`)
  context.parts = [...keyed.base, ...read]
  context.key = actionKey(context.parts)
  context.reads = set
  context.volatile = await volatileRead(inspected, set, build.root, context.request!, contents)
  await rm(scratch, {recursive: true, force: true})
}

async function storeResult(build: Build, context: TaskContext, result: ExecResult): Promise<ActionResult> {
  const store = build.store!
  const outputs = await collectOutputs(build.root, context.task.id, context.request!.outputs, store)
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

/** What dependents' keys see of a finished task (its outputs), and what the next build finds recorded for it. */
async function settle(build: Build, context: TaskContext, action: ActionResult & Partial<Found>): Promise<void> {
  build.outputDigests.set(context.task.id, outputsDigest(action.outputs, context.key!))
  const {servedBy: _level, inPlace: _inPlace, ...recorded} = action
  recordResult(await lastResults(build.state), context.task.id, {key: context.key!, action: recorded})
}

/** The key a task's context carries: its parts, the key, and for a compile what it read. */
function useCandidate(context: TaskContext, keyed: TaskKey, candidate = keyed.candidates[0]): void {
  context.parts = candidate?.parts ?? keyed.base
  context.key = candidate?.key ?? keyed.baseKey
  context.reads = candidate?.set
}

/** The request and key of a task, as a build would compute them now (also for `tck explain`). */
export async function keyTask(build: Build, context: TaskContext, stdio: ExecRequest['stdio']): Promise<TaskKey> {
  const {driver} = build
  context.request = await driver.fire('requestCreated', execRequest(build, context.task, stdio), context)
  const keyed = await taskKey(build, context.task, context.request, (parts) => driver.fire('computeKey', parts, context))
  useCandidate(context, keyed)
  return keyed
}

/**
 * The first of the task's keys with a result (a compile may have several: one per read set kept):
 * the one this project recorded last time for that key when its outputs are all still in place,
 * else the store's.
 */
async function findCached(build: Build, store: Store, context: TaskContext, keyed: TaskKey): Promise<Found | undefined> {
  const last = (await lastResults(build.state)).value[context.task.id]
  for (const candidate of keyed.candidates) {
    if (last?.key === candidate.key && (await outputsInPlace(build.root, last.action, await build.digests()))) {
      useCandidate(context, keyed, candidate)
      return {...last.action, servedBy: 'this project', inPlace: true}
    }
    const found = await store.getAction(candidate.key)
    if (found) {
      useCandidate(context, keyed, candidate)
      return found
    }
  }
  return undefined
}

export async function runTask(build: Build, context: TaskContext, options: Pick<BuildOptions, 'stdio' | 'rebuild'>): Promise<{outcome: TaskOutcome; error?: Error}> {
  const {driver} = build
  const started = performance.now()
  const outcome = (status: TaskOutcome['status'], error?: string): TaskOutcome => ({
    id: context.task.id,
    status,
    durationMs: Math.round(performance.now() - started),
    key: context.key,
    error,
    cacheLevel: context.cacheLevel,
  })
  try {
    const keyed = await keyTask(build, context, options.stdio)
    const store = context.task.cacheable ? build.store : undefined
    const found = store && !options.rebuild ? await findCached(build, store, context, keyed) : undefined
    const reason = !context.task.cacheable ? 'the task is not cacheable' : options.rebuild ? 'a rebuild was asked for' : keyed.stale ?? (found ? undefined : 'no cache level holds this key')
    context.decision = await driver.fire('cacheChecked', {hit: Boolean(found), reason}, context)
    if (context.decision.hit && found && (await restore(build, context, found, context.request!))) {
      context.cacheLevel = found.servedBy
      await settle(build, context, found)
      await driver.fire('outputsMaterialized', context)
      return {outcome: outcome('cached')}
    }
    const request = context.request!
    const listing = store ? keyed.reads?.inspected.listing : undefined
    if (listing) await mkdir(keyed.reads!.scratch, {recursive: true})
    const result = await execute(build, context, listing ? {...request, argv: listing.argv, env: {...request.env, ...listing.env}} : request)
    // Never cached, run as a process with nothing to feed or collect: the no-change check can run it again as it ran here.
    const plain = request.stdio === 'capture' && (request.stdin ?? 'ignore') === 'ignore' && request.argv0 === undefined && request.outputs.length === 0
    if (!context.task.cacheable && request.executor === 'local' && plain) {
      build.observed.replay({id: context.task.id, argv: request.argv, cwd: request.cwd, env: request.env})
    }
    if (listing) await keyByReads(build, context, keyed)
    // A result that depends on when it ran is what this run produced, never what a later one would: not kept.
    if (store && !context.volatile) {
      const stored = await storeResult(build, context, result)
      await settle(build, context, stored)
      await driver.fire('outputsStored', stored, context)
    } else {
      build.outputDigests.set(context.task.id, outputsDigest(await collectOutputs(build.root, context.task.id, request.outputs), context.key!))
    }
    await driver.fire('outputsMaterialized', context)
    return {outcome: outcome('built')}
  } catch (error) {
    const reported = error instanceof Error ? error : new Error(String(error))
    const aborted = reported instanceof TckError && reported.code === 'TASK_ABORTED'
    await driver.fire('taskFailed', reported, context)
    return {outcome: outcome(aborted ? 'aborted' : 'failed', reported.message), error: reported}
  }
}
