/**
 * Key manifests as a build would compute them now — the same request and key parts, through the
 * same keyed hooks — without running, restoring or storing anything.
 */
import type {Build} from '../engine/build.js'
import {keyTask} from '../engine/task.js'
import type {Graph, TaskContext} from '../pipeline.js'
import {openStore} from '../store/open.js'
import type {KeyManifest, ManifestStore} from './manifest.js'

export interface ManifestsNow {
  manifests: Map<string, KeyManifest>
  /** Tasks whose key cannot be computed now (an input is missing, a header now shadows another), with the reason. */
  problems: Map<string, string>
}

/**
 * The digest of each task's outputs as its dependants last recorded it. Outputs cannot be known
 * without running; a dependency whose inputs changed shows up through its own key instead.
 */
function recordedOutputs(store: ManifestStore): Map<string, string> {
  const outputs = new Map<string, string>()
  for (const manifest of Object.values(store.current)) {
    for (const {kind, name, value} of manifest.parts) if (kind === 'dep-outputs') outputs.set(name, value)
  }
  return outputs
}

/**
 * Whether the next build runs a task again. Its key counts a dependency by the outputs it leaves,
 * which are known only once it runs; a dependency whose own key changed is taken to leave new ones
 * (it may not, and then the task is a hit after all).
 */
export function wouldRunAgain(last: KeyManifest, current: KeyManifest): boolean {
  if (current.key !== last.key) return true
  const depsBefore = new Map(last.parts.filter(({kind}) => kind === 'dep').map(({name, value}) => [name, value]))
  return current.parts.some(({kind, name, value}) => kind === 'dep' && depsBefore.get(name) !== value)
}

export async function manifestsNow(build: Build, graph: Graph, store: ManifestStore): Promise<ManifestsNow> {
  for (const [id, digest] of recordedOutputs(store)) build.outputDigests.set(id, digest)
  const manifests = new Map<string, KeyManifest>()
  const problems = new Map<string, string>()
  const recordedAt = new Date().toISOString()
  const signal = new AbortController().signal
  // The store holds what each compile read last time: the second half of its key.
  build.store ??= await openStore(build.config, build.registries)
  try {
    for (const id of graph.order) {
      const context: TaskContext = {build, task: graph.tasks.get(id)!, attempt: 0, signal, data: {}}
      try {
        const keyed = await keyTask(build, context, 'capture')
        if (keyed.stale) throw new Error(keyed.stale)
        build.keys.set(id, context.key!)
        const manifest = {task: id, key: context.key!, parts: context.parts!, recordedAt}
        manifests.set(id, manifest)
        // A task that runs again leaves outputs not known yet: its dependents' keys change with them.
        const last = store.current[id]
        if (last && wouldRunAgain(last, manifest)) build.outputDigests.set(id, `(new when it runs: ${manifest.key.slice(0, 12)})`)
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error)
        problems.set(id, reason)
        // Dependants then show this dependency as changed, with the reason in place of its key.
        build.keys.set(id, `(cannot compute now: ${reason})`)
      }
    }
  } finally {
    await build.store.close()
    await build.state.save()
  }
  return {manifests, problems}
}
