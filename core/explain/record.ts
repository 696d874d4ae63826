/**
 * The host's own taps that keep key manifests: every task's final key parts (a late computeKey
 * tap, so every plugin's parts are in) are folded into `.tck/explain/` when the build finishes,
 * and this build's reasons are kept in memory for `tck build --explain`.
 */
import type {CacheDecision, KeyParts} from '../contracts/task.js'
import {TckError} from '../errors.js'
import {log} from '../log.js'
import type {BuildContext, BuildSummary, Pipeline} from '../pipeline.js'
import {explainChanges, type KeyChange} from './diff.js'
import {countParts, lookupIn, ref, type ManifestRef, type TaskExplanation} from './explanation.js'
import {loadIndex, loadManifests, mergeManifests, saveManifests, type KeyManifest} from './manifest.js'

interface BuildRecord {
  parts: Map<string, KeyParts>
  decisions: Map<string, CacheDecision>
  cacheable: Map<string, boolean>
  explanations?: TaskExplanation[]
}

const records = new WeakMap<BuildContext, BuildRecord>()

function recordOf(build: BuildContext): BuildRecord {
  let record = records.get(build)
  if (!record) records.set(build, (record = {parts: new Map(), decisions: new Map(), cacheable: new Map()}))
  return record
}

/** Late enough that every plugin's taps (stage 0 by default) came first. */
const LATE = 1000

export function tapExplain(pipeline: Pipeline): void {
  pipeline.computeKey.tapPromise({name: 'tck', stage: LATE}, async (parts, context) => {
    const record = recordOf(context.build)
    record.parts.set(context.task.id, parts.map(([name, value]) => [name, value]))
    record.cacheable.set(context.task.id, context.task.cacheable)
    return parts
  })
  pipeline.cacheChecked.tapPromise({name: 'tck', stage: LATE}, async (decision, context) => {
    recordOf(context.build).decisions.set(context.task.id, {...decision})
    return decision
  })
  pipeline.buildFinished.tapPromise({name: 'tck', stage: -LATE}, async (summary) => {
    try {
      await keepManifests(summary)
    } catch (error) {
      // The build itself is done and correct; losing its manifests only makes `tck explain` less precise.
      log.warn(`could not record key manifests for tck explain: ${(error as Error).message}`)
    }
  })
}

async function keepManifests(summary: BuildSummary): Promise<void> {
  const record = records.get(summary.context)
  if (!record || record.parts.size === 0) return
  const recordedAt = new Date().toISOString()
  const fresh: KeyManifest[] = []
  for (const outcome of summary.outcomes) {
    const parts = record.parts.get(outcome.id)
    if (outcome.key && parts) fresh.push({task: outcome.id, key: outcome.key, parts, recordedAt, status: outcome.status})
  }
  const index = await loadIndex(summary.context.root)
  if (index && fresh.every((manifest) => index[manifest.task]?.key === manifest.key && index[manifest.task].status === manifest.status)) {
    // Nothing to write: every key and status is as recorded, so the large manifests stay unread.
    record.explanations = explain(fresh, (id) => index[id], new Set(), () => [], record)
    return
  }
  const store = await loadManifests(summary.context.root).catch((error: unknown) => {
    // The manifests only explain; a damaged file is replaced rather than blocking every later build.
    if (!(error instanceof TckError && error.code === 'STORE_CORRUPT')) throw error
    log.warn(`${error.message}; this build's key manifests replace it`)
    return {current: {}, previous: {}}
  })
  const before = {...store.current}
  const {changed, dirty} = mergeManifests(store, fresh)
  if (dirty) await saveManifests(summary.context.root, store)

  const lookup = lookupIn(store.current, before, store.previous)
  record.explanations = explain(fresh, (id) => before[id], new Set(changed), (last, manifest) => explainChanges(last, manifest, lookup), record)
}

/** This build's reason for each task that ran: what changed since its last run, or why it ran with the same key. */
function explain(
  fresh: KeyManifest[],
  lastOf: (id: string) => ManifestRef | undefined,
  changed: Set<string>,
  changesOf: (last: KeyManifest, manifest: KeyManifest) => KeyChange[],
  record: BuildRecord,
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
      const decision = record.decisions.get(manifest.task)
      const why = record.cacheable.get(manifest.task) === false
        ? 'it is not cacheable, so it runs every time'
        : decision?.hit
          ? 'the cache held its key, but its outputs could not be restored'
          : `the cache missed: ${decision?.reason ?? 'no reason given'}`
      return {...base, verdict: 'unchanged', summary: `ran with the same key as its run at ${last.recordedAt}: ${why}`, changes: []}
    })
}

/** This build's reasons, one per task that ran; empty before `buildFinished`. */
export function buildExplanations(build: BuildContext): TaskExplanation[] {
  return records.get(build)?.explanations ?? []
}
