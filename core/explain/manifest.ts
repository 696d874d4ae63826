/**
 * Key manifests: the key parts a task's action key was computed from, kept in the project state
 * (`.tck/explain/`) so `tck explain` can say which part changed. Each task keeps its last manifest
 * and the one before it with a different key — a rebuild with the same key changes nothing on disk.
 */
import {readFile, rm} from 'node:fs/promises'
import {join} from 'node:path'
import type {KeyPart} from '../contracts/task.js'
import type {StateSection} from '../engine/state.js'
import {TckError} from '../errors.js'
import {atomicWriteFile} from '../io/atomic.js'

export interface KeyManifest {
  task: string
  key: string
  parts: KeyPart[]
  /** ISO time of the build that computed it. */
  recordedAt: string
  /** What that build did with it: built, cached, failed, ... */
  status?: string
}

export interface ManifestStore {
  current: Record<string, KeyManifest>
  previous: Record<string, KeyManifest>
}

/** 2: typed key parts ({kind, name, value}). */
const FORMAT = 2

/** Under the project state directory (the project's `.tck/`). */
export function explainDir(stateDir: string): string {
  return join(stateDir, 'explain')
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

export async function loadManifests(stateDir: string): Promise<ManifestStore> {
  const dir = explainDir(stateDir)
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
        // A new object: callers may hold the old one to report what the last run was.
        store.current[manifest.task] = {...last, status: manifest.status}
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

/** Each task's current key, status and time without its parts: what a build compares against. */
export type ManifestIndex = Record<string, {key: string; status?: string; recordedAt: string}>

/**
 * The index is small (no parts), so a build whose keys all match — a fully cached rebuild —
 * reads only it. Missing or unreadable, it only means the full manifests are read instead.
 */
export async function loadIndex(stateDir: string): Promise<ManifestIndex | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(explainDir(stateDir), 'index.json'), 'utf8')) as {format?: number; tasks?: ManifestIndex}
    return parsed.format === FORMAT && parsed.tasks ? parsed.tasks : undefined
  } catch {
    return undefined
  }
}

async function saveManifests(stateDir: string, store: ManifestStore): Promise<void> {
  const dir = explainDir(stateDir)
  // The index goes first and comes back last, so it never describes manifests that are not on disk.
  await rm(join(dir, 'index.json'), {force: true})
  // previous before current: a crash between the two leaves previous equal to current, never newer.
  await atomicWriteFile(join(dir, 'previous.json'), JSON.stringify({format: FORMAT, tasks: store.previous}))
  await atomicWriteFile(join(dir, 'current.json'), JSON.stringify({format: FORMAT, tasks: store.current}))
  const index: ManifestIndex = {}
  for (const [id, {key, status, recordedAt}] of Object.entries(store.current)) index[id] = {key, status, recordedAt}
  await atomicWriteFile(join(dir, 'index.json'), JSON.stringify({format: FORMAT, tasks: index}))
}

/** The manifests as a section of the project state: written when the build's state is saved. */
export class ManifestsSection implements StateSection {
  #store?: ManifestStore

  get dirty(): boolean {
    return this.#store !== undefined
  }

  set(store: ManifestStore): void {
    this.#store = store
  }

  async save(dir: string): Promise<void> {
    if (this.#store) await saveManifests(dir, this.#store)
    this.#store = undefined
  }
}
