/**
 * The host's own taps that keep key manifests: when a build finishes, every task's final key
 * parts (its context holds what the computeKey taps and the compiler's reads made of them) are
 * folded into `.tck/explain/`, and this build's reasons are kept for `tck build --explain` and the
 * report (`build.data.explanations`).
 */
import {TckError} from '../errors.js'
import type {Driver} from '../driver.js'
import {Stage} from '../driver.js'
import {log} from '../log.js'
import type {BuildContext, BuildSummary, TaskContext} from '../pipeline.js'
import {explainChanges, type KeyChange} from './diff.js'
import {countParts, lookupIn, ref, type ManifestRef, type TaskExplanation} from './explanation.js'
import {loadIndex, loadManifests, ManifestsSection, mergeManifests, type KeyManifest} from './manifest.js'

export function tapExplain(driver: Driver): void {
  // First, so the reasons exist when the report and plugins' own taps run.
  driver.tap('buildFinished', 'tck', async (summary) => {
    try {
      await keepManifests(summary)
    } catch (error) {
      // The build itself is done and correct; losing its manifests only makes `tck explain` less precise.
      log.warn(`could not record key manifests for tck explain: ${(error as Error).message}`)
    }
  }, {stage: Stage.first})
}

async function keepManifests(summary: BuildSummary): Promise<void> {
  const build = summary.context
  const recordedAt = new Date().toISOString()
  const fresh: KeyManifest[] = []
  for (const outcome of summary.outcomes) {
    const parts = build.tasks.get(outcome.id)?.parts
    if (outcome.key && parts) fresh.push({task: outcome.id, key: outcome.key, parts, recordedAt, status: outcome.status})
  }
  if (fresh.length === 0) return
  const index = await loadIndex(build.state.dir)
  if (index && fresh.every((manifest) => index[manifest.task]?.key === manifest.key && index[manifest.task].status === manifest.status)) {
    // Nothing to write: every key and status is as recorded, so the large manifests stay unread.
    build.data.explanations = explain(fresh, (id) => index[id], new Set(), () => [], build.tasks)
    return
  }
  const store = await loadManifests(build.state.dir).catch((error: unknown) => {
    // The manifests only explain; a damaged file is replaced rather than blocking every later build.
    if (!(error instanceof TckError && error.code === 'STORE_CORRUPT')) throw error
    log.warn(`${error.message}; this build's key manifests replace it`)
    return {current: {}, previous: {}}
  })
  const before = {...store.current}
  const {changed, dirty} = mergeManifests(store, fresh)
  if (dirty) (await build.state.section('explain', async () => new ManifestsSection())).set(store)

  const lookup = lookupIn(store.current, before, store.previous)
  build.data.explanations = explain(fresh, (id) => before[id], new Set(changed), (last, manifest) => explainChanges(last, manifest, lookup), build.tasks)
}

/** This build's reason for each task that ran: what changed since its last run, or why it ran with the same key. */
function explain(
  fresh: KeyManifest[],
  lastOf: (id: string) => ManifestRef | undefined,
  changed: Set<string>,
  changesOf: (last: KeyManifest, manifest: KeyManifest) => KeyChange[],
  contexts: Map<string, TaskContext>,
): TaskExplanation[] {
  const ran = new Set(['built', 'failed', 'aborted'])
  return fresh
    .filter((manifest) => ran.has(manifest.status ?? ''))
    .map((manifest): TaskExplanation => {
      const last = lastOf(manifest.task)
      const base = {task: manifest.task, compared: 'build' as const, from: ref(last), to: ref(manifest)}
      if (!last) return {...base, verdict: 'first-run', summary: 'ran: no earlier run of it is recorded', changes: []}
      if (changed.has(manifest.task)) {
        const changes = changesOf(last as KeyManifest, manifest)
        return {...base, verdict: 'changed', summary: `ran: ${countParts(changes)} since its run at ${last.recordedAt}`, changes}
      }
      const context = contexts.get(manifest.task)
      const decision = context?.decision
      const why = context?.task.cacheable === false
        ? 'it is not cacheable, so it runs every time'
        : decision?.hit
          ? 'the cache held its key, but its outputs could not be restored'
          : `the cache missed: ${decision?.reason ?? 'no reason given'}`
      return {...base, verdict: 'unchanged', summary: `ran with the same key as its run at ${last.recordedAt}: ${why}`, changes: []}
    })
}

/** This build's reasons, one per task that ran; empty before `buildFinished`. */
export function buildExplanations(build: BuildContext): TaskExplanation[] {
  return (build.data.explanations as TaskExplanation[] | undefined) ?? []
}
