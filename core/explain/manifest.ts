/**
 * Key manifests: the KeyParts a task's action key was computed from, kept under `.tck/explain/`
 * so `tck explain` can say which part changed. Each task keeps its last manifest and the one
 * before it with a different key — a rebuild with the same key changes nothing on disk.
 */
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {KeyParts} from '../contracts/task.js'
import {TckError} from '../errors.js'
import {atomicWriteFile} from '../io/atomic.js'

export interface KeyManifest {
  task: string
  key: string
  parts: KeyParts
  /** ISO time of the build that computed it. */
  recordedAt: string
  /** What that build did with it: built, cached, failed, ... */
  status?: string
}

export interface ManifestStore {
  current: Record<string, KeyManifest>
  previous: Record<string, KeyManifest>
}

const FORMAT = 1

export function explainDir(root: string): string {
  return join(root, '.tck', 'explain')
}

async function readManifests(file: string): Promise<Record<string, KeyManifest>> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw error
  }
  try {
    const parsed = JSON.parse(text) as {format?: number; tasks?: Record<string, KeyManifest>}
    // An older or foreign format is not an error: it only means nothing earlier is known.
    return parsed.format === FORMAT && parsed.tasks ? parsed.tasks : {}
  } catch (error) {
    throw new TckError('STORE_CORRUPT', `${file}: not valid JSON (${(error as Error).message})`, {
      hint: 'Delete the file; the next build records the key manifests again.',
    })
  }
}

export async function loadManifests(root: string): Promise<ManifestStore> {
  const dir = explainDir(root)
  const [current, previous] = await Promise.all([readManifests(join(dir, 'current.json')), readManifests(join(dir, 'previous.json'))])
  return {current, previous}
}

/**
 * Folds one build's manifests into the store. `changed` lists the tasks whose key changed;
 * `dirty` says whether the store needs writing at all (a fully cached rebuild writes nothing).
 */
export function mergeManifests(store: ManifestStore, fresh: KeyManifest[]): {changed: string[]; dirty: boolean} {
  const changed: string[] = []
  let dirty = false
  for (const manifest of fresh) {
    const last = store.current[manifest.task]
    if (last?.key === manifest.key) {
      if (last.status !== manifest.status) {
        last.status = manifest.status
        dirty = true
      }
      continue
    }
    if (last) store.previous[manifest.task] = last
    store.current[manifest.task] = manifest
    changed.push(manifest.task)
    dirty = true
  }
  return {changed, dirty}
}

export async function saveManifests(root: string, store: ManifestStore): Promise<void> {
  const dir = explainDir(root)
  // previous first: a crash between the two writes leaves previous equal to current, never newer.
  await atomicWriteFile(join(dir, 'previous.json'), JSON.stringify({format: FORMAT, tasks: store.previous}))
  await atomicWriteFile(join(dir, 'current.json'), JSON.stringify({format: FORMAT, tasks: store.current}))
}
