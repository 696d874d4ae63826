/**
 * A task's declared outputs as the store sees them: files relative to the project root (a declared
 * directory is taken file by file), stored by digest with their modes, and restored the same way.
 */
import {lstat, mkdir, readdir, rm} from 'node:fs/promises'
import {dirname, isAbsolute, join, normalize, relative, sep} from 'node:path'
import {glob} from 'tinyglobby'
import type {ActionResult} from '../contracts/cache.js'
import {TckError} from '../errors.js'
import {sha256} from '../io/digest.js'
import type {DigestCache} from '../io/digest-cache.js'
import {digestFile, type Store} from './store.js'

export type OutputEntry = ActionResult['outputs'][number]

const isGlob = (path: string) => /[*?[{]/.test(path)

/** Outputs stay inside the project: a poisoned cache entry or a stray task path cannot write elsewhere. */
export function safeOutputPath(root: string, path: string, taskId?: string): string {
  const clean = normalize(path)
  if (!(isAbsolute(clean) || clean === '..' || clean.startsWith(`..${sep}`) || clean === '.')) return join(root, clean)
  if (taskId) {
    throw new TckError('TASK_FAILED', `task "${taskId}": output "${path}" is outside the project root ${root}`, {
      hint: 'Declare outputs as paths relative to the project root.',
    })
  }
  throw new TckError('STORE_CORRUPT', `a cache entry names output "${path}", which is outside the project`, {
    hint: 'The cache holds a bad entry; run `tck cache clear` on the level it came from.',
  })
}

async function filesUnder(root: string, relative: string, taskId: string): Promise<string[]> {
  const info = await lstat(join(root, relative)).catch(() => undefined)
  if (!info) {
    throw new TckError('TASK_FAILED', `task "${taskId}" succeeded but did not produce its declared output ${relative}`, {
      hint: 'Make the task write that path, or remove it from the task\'s outputs.',
    })
  }
  if (!info.isDirectory()) return [relative]
  const files: string[] = []
  for (const entry of (await readdir(join(root, relative))).sort()) files.push(...(await filesUnder(root, join(relative, entry), taskId)))
  return files
}

/** Every declared output as files, digested (and stored when a store is given). */
export async function collectOutputs(root: string, taskId: string, declared: string[], store?: Store): Promise<OutputEntry[]> {
  const paths = new Set<string>()
  for (const output of declared) {
    // A glob declares whatever it matches, possibly nothing; a plain path must exist.
    const files = isGlob(output)
      ? await glob(output, {cwd: root, onlyFiles: true, dot: true})
      : await filesUnder(root, relative(root, safeOutputPath(root, output, taskId)), taskId)
    for (const file of files) paths.add(relative(root, safeOutputPath(root, file, taskId)))
  }
  return Promise.all(
    [...paths].sort().map(async (path) => {
      const file = join(root, path)
      const mode = (await lstat(file)).mode & 0o777
      const {digest, size} = store ? await store.putFile(file) : await digestFile(file)
      return {path, digest, size, mode}
    }),
  )
}

/** Restores every output of `result`; false when a blob is gone from every level (then the task must run). */
export async function restoreOutputs(root: string, result: ActionResult, store: Store, digests: DigestCache): Promise<boolean> {
  for (const output of result.outputs) {
    const destination = safeOutputPath(root, output.path)
    // Already in place, same content and mode (stat data vouches, as in git's index): a fully cached rebuild writes nothing.
    if (await digests.holds(destination, output.digest, output.mode)) continue
    await mkdir(dirname(destination), {recursive: true})
    if (!(await store.restoreFile(output.digest, destination, output.mode))) return false
  }
  return true
}

/**
 * Removes stale output files before a run, so a task that fails to write one is caught, not fooled,
 * and a hardlinked restore is never written through. Directories stay: tasks may share them.
 */
export async function clearOutputs(root: string, taskId: string, declared: string[]): Promise<void> {
  for (const output of declared.filter((pattern) => !isGlob(pattern))) {
    const path = safeOutputPath(root, output, taskId)
    const info = await lstat(path).catch(() => undefined)
    if (info && !info.isDirectory()) await rm(path, {force: true})
    await mkdir(dirname(path), {recursive: true})
  }
}

/** What dependents' keys see of a task: its outputs' digests, or its own key when it declares none. */
export function outputsDigest(outputs: OutputEntry[], key: string): string {
  if (outputs.length === 0) return key
  return sha256(JSON.stringify(outputs.map(({path, digest, mode}) => [path, digest, mode])))
}
