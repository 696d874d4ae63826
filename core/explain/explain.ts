/**
 * `tck explain <task>`: why a task ran, or would run, in the spirit of bitbake-diffsigs — the key
 * parts that differ between two of its key manifests, following changed dependencies down.
 */
import type {Build} from '../engine/build.js'
import {TckError} from '../errors.js'
import {explainChanges} from './diff.js'
import {countParts, lookupIn, ref, type TaskExplanation} from './explanation.js'
import {loadManifests} from './manifest.js'
import {manifestsNow, wouldRunAgain} from './now.js'

/** `now`: the project now against the last run; `last`: the last run against the one before; `auto`: `now` when something changed, else `last`. */
export type Comparison = 'auto' | 'now' | 'last'

export async function explainTask(build: Build, taskId: string, compare: Comparison): Promise<TaskExplanation> {
  const graph = await build.plan([taskId])
  const task = graph.tasks.get(taskId)!
  const store = await loadManifests(build.state.dir)
  const last = store.current[taskId]
  if (!last) {
    return {task: taskId, compared: compare === 'last' ? 'last' : 'now', verdict: 'first-run', changes: [],
      summary: 'has no recorded run (nothing under .tck/explain/ for it): the next build runs it'}
  }

  if (compare !== 'last') {
    const now = await manifestsNow(build, graph, store)
    const current = now.manifests.get(taskId)
    if (!current) {
      throw new TckError('TASK_FAILED', `cannot compute the key of "${taskId}" now: ${now.problems.get(taskId)}`, {
        hint: 'Fix that, or compare its last two runs instead: tck explain --compare last ' + taskId,
      })
    }
    const base = {task: taskId, compared: 'now' as const, from: ref(last), to: {key: current.key}}
    if (wouldRunAgain(last, current)) {
      const changes = explainChanges(last, current, lookupIn(now.manifests, store.current, store.previous))
      return {...base, verdict: 'changed', changes, summary: `would run again: ${countParts(changes)} since its run at ${last.recordedAt}`}
    }
    if (compare === 'now') {
      let next = task.cacheable ? 'the next build takes it from the cache' : 'it is not cacheable, so the next build runs it anyway'
      // Their outputs are known only after they run again; explain assumes the last ones.
      const volatile = graph.order.filter((id) => id !== taskId && !graph.tasks.get(id)!.cacheable && graph.tasks.get(id)!.outputs.length > 0)
      if (task.cacheable && volatile.length > 0) next += `, unless ${volatile.join(', ')} (not cacheable, run every time) leave${volatile.length === 1 ? 's' : ''} different outputs`
      return {...base, verdict: 'unchanged', changes: [], summary: `unchanged since its run at ${last.recordedAt}: ${next}`}
    }
  }

  const previous = store.previous[taskId]
  const base = {task: taskId, compared: 'last' as const, from: ref(previous), to: ref(last)}
  const unchanged = compare === 'auto' ? 'nothing changed since its last run; ' : ''
  if (!previous) {
    return {...base, verdict: 'first-run', changes: [],
      summary: `${unchanged}its last run (${last.recordedAt}, ${last.status ?? 'unknown'}) is the first one recorded`}
  }
  const changes = explainChanges(previous, last, lookupIn(store.current, store.previous))
  return {...base, verdict: 'changed', changes,
    summary: `${unchanged}its last run (${last.recordedAt}, ${last.status ?? 'unknown'}) had a new key: ${countParts(changes)} since the run at ${previous.recordedAt}`}
}

export interface ProjectExplanation {
  /** Every task the next build would run, in build order, with why. */
  explanations: TaskExplanation[]
  /** Tasks whose key matches their last run: the next build takes them from the cache. */
  unchanged: number
}

/** `tck explain` without a task: what the next build of `targets` (all when empty) would run, and why. */
export async function explainProject(build: Build, targets: string[]): Promise<ProjectExplanation> {
  const graph = await build.plan(targets)
  const store = await loadManifests(build.state.dir)
  const now = await manifestsNow(build, graph, store)
  const lookup = lookupIn(now.manifests, store.current, store.previous)
  // Shared across tasks: a dependency explained once is "see above" for the tasks after it.
  const followed = new Set<string>()
  const explanations: TaskExplanation[] = []
  let unchanged = 0
  for (const id of graph.order) {
    const last = store.current[id]
    const current = now.manifests.get(id)
    const base = {task: id, compared: 'now' as const, from: ref(last), to: current && {key: current.key}, changes: []}
    if (!current) {
      explanations.push({...base, verdict: 'unknown', summary: `its key cannot be computed now: ${now.problems.get(id)}`})
    } else if (!last) {
      explanations.push({...base, verdict: 'first-run', summary: 'would run: it has no recorded run'})
    } else if (wouldRunAgain(last, current)) {
      const changes = explainChanges(last, current, lookup, followed)
      explanations.push({...base, verdict: 'changed', changes, summary: `would run again: ${countParts(changes)} since its run at ${last.recordedAt}`})
    } else if (!graph.tasks.get(id)!.cacheable) {
      explanations.push({...base, verdict: 'unchanged', summary: 'would run: it is not cacheable, so it runs every time'})
    } else {
      unchanged++
    }
  }
  return {explanations, unchanged}
}
