/**
 * The target root and its manifest (`root.json` in the book's state): which package, at which
 * archive digest, put which files there. Merging a package copies its tree in entry by entry,
 * each file written under a temporary name and renamed over its place, so no file is ever half
 * written; a journal (`merging.json`) names the package being merged, and the next command
 * finishes that merge before anything else, so the root never stays half-merged. Files are copied
 * (reflinked where the filesystem can), not hardlinked: the root is the user's to edit, and the
 * trees under it feed other packages' builds.
 */
import {constants} from 'node:fs'
import {chmod, copyFile, lstat, mkdir, readFile, readlink, rename, rm, rmdir, symlink} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import {bookError, tckApi} from '../runtime.js'
import {RootPaths} from './root-path.js'
import {entriesOf} from './trees.js'

export interface MergedPackage {
  key: string
  digest: string
  files: string[]
  /** Directories this package created. */
  dirs: string[]
  /** Files of earlier packages this one replaced, to give back when it is removed. */
  replaced: Array<{path: string; owner: string}>
}

export interface RootManifest {
  root: string
  packages: MergedPackage[]
}

export const manifestFile = (stateDir: string) => join(stateDir, 'root.json')
const journalFile = (stateDir: string) => join(stateDir, 'merging.json')
const treeDir = (stateDir: string, digest: string) => join(stateDir, 'trees', digest)

export async function readManifest(stateDir: string, root: string): Promise<RootManifest> {
  try {
    const manifest = JSON.parse(await readFile(manifestFile(stateDir), 'utf8')) as RootManifest
    if (manifest.root === root) return manifest
  } catch {}
  return {root, packages: []}
}

const writeManifest = (stateDir: string, manifest: RootManifest) => tckApi().atomicWriteFile(manifestFile(stateDir), `${JSON.stringify(manifest)}\n`)

function owners(manifest: RootManifest): Map<string, string> {
  const owner = new Map<string, string>()
  for (const pkg of manifest.packages) for (const file of pkg.files) owner.set(file, pkg.key)
  return owner
}

async function placeFile(from: string, to: string, mode: number): Promise<void> {
  const temporary = `${to}.tck-${process.pid}`
  await copyFile(from, temporary, constants.COPYFILE_FICLONE)
  await chmod(temporary, mode)
  await rename(temporary, to)
}

async function placeSymlink(target: string, to: string): Promise<void> {
  const temporary = `${to}.tck-${process.pid}`
  await rm(temporary, {force: true})
  await symlink(target, temporary)
  await rename(temporary, to)
}

async function removeFrom(manifest: RootManifest, stateDir: string, key: string, paths: RootPaths): Promise<void> {
  const entry = manifest.packages.find((pkg) => pkg.key === key)
  if (!entry) return
  const owner = owners(manifest)
  for (const file of entry.files) {
    if (owner.get(file) === key) await rm(join(paths.root, await paths.resolveParent(file)), {force: true})
  }
  for (const dir of [...entry.dirs].reverse()) await rmdir(join(paths.root, await paths.resolveDir(dir))).catch(() => {})
  manifest.packages = manifest.packages.filter((pkg) => pkg !== entry)
  // What this package had replaced goes back to the package it came from, when that one is still here.
  for (const {path, owner: previous} of entry.replaced) {
    const from = manifest.packages.find((pkg) => pkg.key === previous)
    if (!from || !from.files.includes(path)) continue
    const source = join(treeDir(stateDir, from.digest), path)
    const info = await lstat(source).catch(() => undefined)
    if (!info) continue
    const destination = join(paths.root, await paths.resolveParent(path))
    await mkdir(dirname(destination), {recursive: true})
    if (info.isSymbolicLink()) await placeSymlink(await readlink(source), destination)
    else await placeFile(source, destination, info.mode & 0o7777)
  }
}

export interface MergeResult {
  merged: boolean
  /** Files of other packages this one overwrote: a book bug unless the packages depend on each other. */
  overwrote: Array<{path: string; owner: string}>
}

/** Merges package `key` (its tree at `digest`) into the root; nothing to do when the root already holds exactly it. */
export async function mergePackage(stateDir: string, root: string, key: string, digest: string): Promise<MergeResult> {
  const manifest = await readManifest(stateDir, root)
  if (manifest.packages.some((pkg) => pkg.key === key && pkg.digest === digest)) return {merged: false, overwrote: []}
  const tree = treeDir(stateDir, digest)
  const entries = await entriesOf(tree)
  await tckApi().atomicWriteFile(journalFile(stateDir), `${JSON.stringify({key, digest, root})}\n`)
  await mkdir(root, {recursive: true})
  const paths = new RootPaths(root)
  await removeFrom(manifest, stateDir, key, paths)
  paths.forget()
  const owner = owners(manifest)
  const merged: MergedPackage = {key, digest, files: [], dirs: [], replaced: []}
  for (const entry of entries) {
    const destination = join(root, entry.type === 'dir' ? await paths.resolveDir(entry.path) : await paths.resolveParent(entry.path))
    const present = await lstat(destination).catch(() => undefined)
    if (entry.type === 'dir') {
      if (present && !present.isDirectory()) throw bookError('IO', `package ${key} installs the directory /${entry.path}, but the root has a file there`, 'Two packages disagree about this path; fix one of them.')
      if (!present) {
        await mkdir(destination, {mode: entry.mode})
        merged.dirs.push(entry.path)
      }
      continue
    }
    if (present?.isDirectory()) throw bookError('IO', `package ${key} installs the file /${entry.path}, but the root has a directory there`, 'Two packages disagree about this path; fix one of them.')
    const previous = owner.get(entry.path)
    if (previous && previous !== key) merged.replaced.push({path: entry.path, owner: previous})
    if (entry.type === 'symlink') await placeSymlink(entry.target!, destination)
    else await placeFile(join(tree, entry.path), destination, entry.mode)
    merged.files.push(entry.path)
  }
  manifest.packages.push(merged)
  await writeManifest(stateDir, manifest)
  await rm(journalFile(stateDir), {force: true})
  return {merged: true, overwrote: merged.replaced}
}

/** A merge a crash interrupted is finished from its tree (still on disk: trees are never removed mid-merge). */
export async function recoverRoot(stateDir: string): Promise<string | undefined> {
  let journal: {key: string; digest: string; root: string}
  try {
    journal = JSON.parse(await readFile(journalFile(stateDir), 'utf8'))
  } catch {
    return undefined
  }
  if (!(await lstat(treeDir(stateDir, journal.digest)).catch(() => undefined))) {
    throw bookError('IO', `the merge of ${journal.key} into ${journal.root} was interrupted and its files are gone`, `Restore a checkpoint (tck book checkpoint restore), or remove ${journalFile(stateDir)} and rebuild.`)
  }
  const manifest = await readManifest(stateDir, journal.root)
  // Forget the half-done merge so it is done again from the start.
  manifest.packages = manifest.packages.filter((pkg) => !(pkg.key === journal.key && pkg.digest === journal.digest))
  await writeManifest(stateDir, manifest)
  await mergePackage(stateDir, journal.root, journal.key, journal.digest)
  return journal.key
}
