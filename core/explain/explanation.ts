/** What `tck explain` and `tck build --explain` report for one task, and how it reads as text. */
import {describeChanges, visibleChanges, type KeyChange, type ManifestLookup} from './diff.js'
import type {KeyManifest} from './manifest.js'

export interface ManifestRef {
  key: string
  recordedAt?: string
  status?: string
}

export interface TaskExplanation {
  task: string
  /** `build`: this build against the run before it; `now`: the files and environment now against the last run; `last`: the last run against the one before it. */
  compared: 'build' | 'now' | 'last'
  /** `unknown`: its key cannot be computed now (an input is missing, say). */
  verdict: 'changed' | 'unchanged' | 'first-run' | 'unknown'
  /** One sentence: what happened or would happen, and why. */
  summary: string
  from?: ManifestRef
  to?: ManifestRef
  changes: KeyChange[]
}

/** Just the identity of a manifest (a KeyManifest carries its parts too). */
export const ref = (manifest: ManifestRef | undefined): ManifestRef | undefined =>
  manifest && {key: manifest.key, recordedAt: manifest.recordedAt, status: manifest.status}

/** Looks a manifest up by key among the given stores, newest first. */
export function lookupIn(...stores: Array<Record<string, KeyManifest> | Map<string, KeyManifest>>): ManifestLookup {
  return (task, key) => {
    for (const store of stores) {
      const manifest = store instanceof Map ? store.get(task) : store[task]
      if (manifest?.key === key) return manifest
    }
    return undefined
  }
}

export function countParts(changes: KeyChange[]): string {
  const count = visibleChanges(changes).length
  return `${count} key part${count === 1 ? '' : 's'} changed`
}

export function formatExplanation(explanation: TaskExplanation): string {
  return [`${explanation.task}: ${explanation.summary}`, ...describeChanges(explanation.changes)].join('\n')
}
