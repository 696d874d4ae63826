/**
 * Key manifests as a build would compute them now — the same key parts, through the same
 * computeKey hook — without running, restoring or storing anything.
 */
import type {BuildContext, Graph, Pipeline, TaskContext} from '../pipeline.js'
import type {Registries} from '../registries.js'
import {savedCompilerDetections} from '../engine/compiler-detections.js'
import {actionKey, baseKeyParts} from '../engine/key.js'
import type {KeyManifest, ManifestStore} from './manifest.js'

export interface ManifestsNow {
  manifests: Map<string, KeyManifest>
  /** Tasks whose key cannot be computed now (an input is missing, say), with the reason. */
  problems: Map<string, string>
}

/**
 * The digest of each task's outputs as its dependants last recorded it. Outputs cannot be known
 * without running; a dependency whose inputs changed shows up through its own key instead.
 */
function recordedOutputs(store: ManifestStore): Map<string, string> {
  const outputs = new Map<string, string>()
  for (const manifest of Object.values(store.current)) {
    for (const [name, value] of manifest.parts) if (name.startsWith('outputs-of:')) outputs.set(name.slice('outputs-of:'.length), value)
  }
  return outputs
}

export async function manifestsNow(build: BuildContext, pipeline: Pipeline, registries: Registries, graph: Graph, store: ManifestStore): Promise<ManifestsNow> {
  const keys = new Map<string, string>()
  const outputs = recordedOutputs(store)
  const manifests = new Map<string, KeyManifest>()
  const problems = new Map<string, string>()
  const recordedAt = new Date().toISOString()
  const signal = new AbortController().signal
  for (const id of graph.order) {
    const task = graph.tasks.get(id)!
    const context: TaskContext = {build, task, attempt: 0, signal, data: {}}
    try {
      const parts = await pipeline.computeKey.promise(await baseKeyParts(build, registries, task, keys, outputs), context)
      const key = actionKey(parts)
      keys.set(id, key)
      manifests.set(id, {task: id, key, parts, recordedAt})
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      problems.set(id, reason)
      // Dependants then show this dependency as changed, with the reason in place of its key.
      keys.set(id, `(cannot compute now: ${reason})`)
    }
  }
  await savedCompilerDetections(build.root)
  return {manifests, problems}
}
