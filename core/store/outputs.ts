/**
 * A task's declared outputs as the store sees them: files relative to the project root (a declared
 * directory is taken file by file), stored by digest with their modes, and restored the same way.
 * Paths are resolved without following links (paths.ts); an output that is itself a symlink is
 * stored as its target text, and only when that target stays inside the project.
 */
import {chmodSync, lstatSync, mkdirSync, rmSync} from 'node:fs'
import {chmod, lstat, mkdir, readdir, readlink, rename, rm, symlink} from 'node:fs/promises'
import {copyFile} from 'node:fs/promises'
import {dirname, join, relative} from 'node:path'
import {glob} from 'tinyglobby'
import type {ActionResult} from '../contracts/cache.js'
import {TckError} from '../errors.js'
import {tempPathFor} from '../io/atomic.js'
import {sha256} from '../io/digest.js'
import type {DigestCache} from '../io/digest-cache.js'
import {SYMLINK_MODE} from './action-schema.js'
import {linkTargetInside, lstatOrUndefined, outputPath, projectRelative} from './paths.js'
import {stagingFile} from './staging.js'
import {digestFile, type Store} from './store.js'

export type OutputEntry = ActionResult['outputs'][number]

const SETID_BITS = 0o6000

const isGlob = (path: string) => /[*?[{]/.test(path)

/** Outputs stay inside the project: a poisoned cache entry or a stray task path cannot write elsewhere. */
export function safeOutputPath(root: string, path: string, taskId?: string): string {
  return outputPath(root, path, taskId ? {taskId} : 'cache')
}

async function filesUnder(root: string, path: string, taskId: string): Promise<string[]> {
  const info = lstatOrUndefined(join(root, path))
  if (!info) {
    throw new TckError('TASK_FAILED', `task "${taskId}" succeeded but did not produce its declared output ${path}`, {
      hint: 'Make the task write that path, or remove it from the task\'s outputs.',
    })
  }
  if (!info.isDirectory()) return [path]
  const files: string[] = []
  for (const entry of (await readdir(join(root, path))).sort()) files.push(...(await filesUnder(root, join(path, entry), taskId)))
  return files
}

/** One output file as an entry: a link by its target text, a file by content; setuid/setgid bits are stripped on the host. */
async function entryFor(root: string, path: string, taskId: string, store?: Store): Promise<OutputEntry> {
  const file = join(root, path)
  const info = lstatSync(file)
  if (info.isSymbolicLink()) {
    const target = await readlink(file)
    if (linkTargetInside(root, path, target) === undefined) {
      throw new TckError('TASK_FAILED', `task "${taskId}": output "${path}" is a symlink to ${target}, outside the project`, {
        hint: 'tck stores a symlink output as its target text, and only when the target is inside the project; make the output a file or point the link inside.',
      })
    }
    const data = Buffer.from(target)
    const digest = sha256(data)
    await store?.putBlob(digest, data)
    return {path, digest, size: data.length, mode: SYMLINK_MODE}
  }
  if (!info.isFile()) throw new TckError('TASK_FAILED', `task "${taskId}": output "${path}" is neither a file, a directory nor a symlink`)
  // A setuid binary a task made must not stay on the host (a sandboxed task's bits would be root's).
  if (info.mode & SETID_BITS) chmodSync(file, info.mode & 0o777)
  const {digest, size} = store ? await store.putFile(file) : await digestFile(file)
  return {path, digest, size, mode: info.mode & 0o777}
}

/** Every declared output as files, digested (and stored when a store is given). */
export async function collectOutputs(root: string, taskId: string, declared: string[], store?: Store): Promise<OutputEntry[]> {
  const owner = {taskId}
  const verified = new Set<string>()
  const paths = new Set<string>()
  for (const output of declared) {
    // A glob declares whatever it matches, possibly nothing; a plain path must exist.
    const files = isGlob(output)
      ? await glob(output, {cwd: root, onlyFiles: false, dot: true, followSymbolicLinks: false})
      : await filesUnder(root, relative(root, outputPath(root, output, owner, verified)), taskId)
    for (const file of files) {
      if (isGlob(output) && lstatOrUndefined(join(root, file))?.isDirectory()) continue
      paths.add(relative(root, outputPath(root, file, owner, verified)))
    }
  }
  return Promise.all([...paths].sort().map((path) => entryFor(root, path, taskId, store)))
}

/** Renames a staged file over `destination`; across filesystems, copies it beside first. */
async function moveInto(staged: string, destination: string): Promise<void> {
  try {
    await rename(staged, destination)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error
    const beside = tempPathFor(destination)
    try {
      await copyFile(staged, beside)
      await rename(beside, destination)
    } finally {
      await rm(beside, {force: true})
    }
  }
}

async function restoreLink(root: string, output: OutputEntry, destination: string, store: Store): Promise<boolean> {
  const data = await store.getBlob(output.digest)
  if (!data) return false
  const target = data.toString()
  if (linkTargetInside(root, output.path, target) === undefined) {
    throw new TckError('STORE_CORRUPT', `a cache entry makes output "${output.path}" a symlink to ${target}, outside the project`, {
      hint: 'The cache holds a bad entry; run `tck cache clear` on the level it came from.',
    })
  }
  if (lstatOrUndefined(destination)?.isSymbolicLink() && (await readlink(destination)) === target) return true
  const staged = stagingFile(root)
  try {
    await symlink(target, staged)
    await mkdir(dirname(destination), {recursive: true})
    await moveInto(staged, destination)
  } finally {
    await rm(staged, {force: true})
  }
  return true
}

/**
 * Whether every output of `result` is already in place, as it was recorded: nothing to fetch,
 * nothing to write. Only reads, so the path is checked lexically; the walk that refuses links on
 * the way (an lstat per directory) is left to `restoreOutputs`, which writes.
 */
export async function outputsInPlace(root: string, result: ActionResult, digests: DigestCache): Promise<boolean> {
  for (const output of result.outputs) {
    const inside = projectRelative(root, output.path)
    if (inside === undefined) return false // a record naming a path outside the project: let the store's checks speak
    const destination = join(root, inside)
    if (output.mode === SYMLINK_MODE) {
      const info = lstatSync(destination, {bigint: true, throwIfNoEntry: false})
      if (!info?.isSymbolicLink() || sha256(await readlink(destination)) !== output.digest) return false
      digests.observer?.file(destination, 'l', info)
    } else if (!(await digests.holds(destination, output.digest, output.mode))) {
      return false
    }
  }
  return true
}

/** Restores every output of `result`; false when a blob is gone from every level (then the task must run). */
export async function restoreOutputs(root: string, result: ActionResult, store: Store, digests: DigestCache): Promise<boolean> {
  const verified = new Set<string>()
  for (const output of result.outputs) {
    const destination = outputPath(root, output.path, 'cache', verified)
    if (output.mode === SYMLINK_MODE) {
      if (!(await restoreLink(root, output, destination, store))) return false
      continue
    }
    // Already in place, same content and mode (stat data vouches, as in git's index): a fully cached rebuild writes nothing.
    if (await digests.holds(destination, output.digest, output.mode)) continue
    const staged = stagingFile(root)
    try {
      if (!(await store.restoreFile(output.digest, staged, output.mode, output.size))) return false
      await mkdir(dirname(destination), {recursive: true})
      await moveInto(staged, destination)
    } finally {
      await rm(staged, {force: true})
    }
  }
  return true
}

/**
 * Removes stale output files before a run, so a task that fails to write one is caught, not fooled,
 * and a hardlinked restore is never written through. Directories stay: tasks may share them.
 * Every path is checked before anything is touched: a link on the way fails the task first.
 */
export async function clearOutputs(root: string, taskId: string, declared: string[]): Promise<void> {
  const verified = new Set<string>()
  const paths = declared.filter((pattern) => !isGlob(pattern)).map((output) => outputPath(root, output, {taskId}, verified))
  for (const path of paths) {
    // Synchronous: a cold build clears outputs before every task, and each awaited call is a thread-pool trip.
    const info = lstatOrUndefined(path)
    if (info && !info.isDirectory()) rmSync(path, {force: true})
    mkdirSync(dirname(path), {recursive: true})
  }
}

/** What dependents' keys see of a task: its outputs' digests, or its own key when it declares none. */
export function outputsDigest(outputs: OutputEntry[], key: string): string {
  if (outputs.length === 0) return key
  return sha256(JSON.stringify(outputs.map(({path, digest, mode}) => [path, digest, mode])))
}

