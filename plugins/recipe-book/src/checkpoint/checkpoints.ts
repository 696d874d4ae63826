/**
 * Checkpoints of a book's target root: `checkpoints/<name>/` in the book's state, holding a copy
 * of the root (`root/`), the digest of every file (`checkpoint.json`) and the root's manifest of
 * packages at that moment. Each is written under a temporary name and renamed, so a checkpoint is
 * whole or absent. Restoring verifies the checkpoint, builds the root anew beside the old one,
 * verifies that, and swaps the two by renames under a journal: a crash at any point leaves the old
 * root or the restored one, and the next command finishes the swap.
 */
import {lstat, mkdir, readdir, readFile, rename, rm} from 'node:fs/promises'
import {basename, dirname, join} from 'node:path'
import {manifestFile} from '../building/merge.js'
import {bookError, tckApi} from '../runtime.js'
import {copyTree, digestTree, treeDifferences, type Method, type SnapshotEntry} from './snapshot.js'

export interface Checkpoint {
  name: string
  createdAt: string
  root: string
  packages: string[]
  files: number
  bytes: number
  methods: Record<Method, number>
  entries: SnapshotEntry[]
}

const dirOf = (stateDir: string) => join(stateDir, 'checkpoints')
const journalOf = (stateDir: string) => join(stateDir, 'restoring.json')

function checkName(name: string): void {
  if (!/^[\w.+-]+$/.test(name) || name.startsWith('.')) throw bookError('USAGE', `"${name}" is not a checkpoint name (letters, digits, . _ + -)`)
}

async function readCheckpoint(stateDir: string, name: string): Promise<Checkpoint> {
  try {
    return JSON.parse(await readFile(join(dirOf(stateDir), name, 'checkpoint.json'), 'utf8')) as Checkpoint
  } catch {
    throw bookError('USAGE', `no checkpoint ${name}`, 'See `tck book checkpoint list`.')
  }
}

export async function listCheckpoints(stateDir: string): Promise<Checkpoint[]> {
  const names = (await readdir(dirOf(stateDir)).catch(() => [])).filter((name) => !name.startsWith('.')).sort()
  const found: Checkpoint[] = []
  for (const name of names) found.push(await readCheckpoint(stateDir, name))
  return found.sort((a, b) => a.createdAt.localeCompare(b.createdAt))
}

export async function createCheckpoint(stateDir: string, root: string, name: string): Promise<Checkpoint> {
  checkName(name)
  await finishRestore(stateDir)
  const final = join(dirOf(stateDir), name)
  if (await lstat(final).catch(() => undefined)) throw bookError('USAGE', `checkpoint ${name} exists`, 'Pick another name, or remove it first.')
  if (!(await lstat(root).catch(() => undefined))) throw bookError('USAGE', `the target root ${root} does not exist yet`, 'Build something first.')
  const temporary = join(dirOf(stateDir), `.${name}.partial-${process.pid}`)
  await rm(temporary, {recursive: true, force: true})
  const entries = await digestTree(root)
  const methods = await copyTree(root, join(temporary, 'root'), entries)
  // Copied files are digested again: a file changed while it was copied must not slip in.
  const copied = await digestTree(join(temporary, 'root'))
  const changed = treeDifferences(entries, copied)
  if (changed.length > 0) {
    await rm(temporary, {recursive: true, force: true})
    throw bookError('IO', `the root changed while checkpoint ${name} was taken: ${changed.slice(0, 5).join(', ')}`, 'Take it again when no build runs.')
  }
  const manifest = await readFile(manifestFile(stateDir), 'utf8').catch(() => '{"packages":[]}')
  await tckApi().atomicWriteFile(join(temporary, 'root.json'), manifest)
  const checkpoint: Checkpoint = {
    name,
    createdAt: new Date().toISOString(),
    root,
    packages: (JSON.parse(manifest).packages ?? []).map((entry: {key: string}) => entry.key),
    files: entries.filter((entry) => entry.type === 'file').length,
    bytes: entries.reduce((sum, entry) => sum + (entry.size ?? 0), 0),
    methods,
    entries,
  }
  await tckApi().atomicWriteFile(join(temporary, 'checkpoint.json'), `${JSON.stringify(checkpoint)}\n`)
  await rename(temporary, final)
  return checkpoint
}

/** The swap of an interrupted restore, finished: whichever of the two roots is whole ends up in place. */
export async function finishRestore(stateDir: string): Promise<void> {
  let journal: {root: string; fresh: string; old: string; checkpoint: string}
  try {
    journal = JSON.parse(await readFile(journalOf(stateDir), 'utf8'))
  } catch {
    return
  }
  const exists = async (path: string) => Boolean(await lstat(path).catch(() => undefined))
  if (await exists(journal.fresh)) {
    // The fresh root was verified before the journal named it: it goes in.
    if (await exists(journal.root)) await rename(journal.root, journal.old)
    await rename(journal.fresh, journal.root)
    await tckApi().atomicWriteFile(manifestFile(stateDir), await readFile(join(dirOf(stateDir), journal.checkpoint, 'root.json'), 'utf8'))
  }
  await rm(journal.old, {recursive: true, force: true})
  await rm(journalOf(stateDir), {force: true})
}

export async function restoreCheckpoint(stateDir: string, root: string, name: string): Promise<Checkpoint & {verified: number}> {
  checkName(name)
  await finishRestore(stateDir)
  const checkpoint = await readCheckpoint(stateDir, name)
  const saved = join(dirOf(stateDir), name, 'root')
  const damaged = treeDifferences(checkpoint.entries, await digestTree(saved))
  if (damaged.length > 0) {
    throw bookError('STORE_CORRUPT', `checkpoint ${name} is damaged, so nothing was restored: ${damaged.slice(0, 5).join(', ')}${damaged.length > 5 ? ` and ${damaged.length - 5} more` : ''}`, 'A file hardlinked into it was edited in place in the root. Remove the checkpoint; rebuilding gives the root back.')
  }
  const fresh = join(dirname(root), `.${basename(root)}.restore-${process.pid}`)
  const old = join(dirname(root), `.${basename(root)}.old-${process.pid}`)
  await rm(fresh, {recursive: true, force: true})
  await mkdir(dirname(root), {recursive: true})
  await copyTree(saved, fresh, checkpoint.entries)
  const different = treeDifferences(checkpoint.entries, await digestTree(fresh))
  if (different.length > 0) {
    await rm(fresh, {recursive: true, force: true})
    throw bookError('IO', `restoring ${name} did not give the saved tree back: ${different.slice(0, 5).join(', ')}`)
  }
  await tckApi().atomicWriteFile(journalOf(stateDir), `${JSON.stringify({root, fresh, old, checkpoint: name})}\n`)
  await finishRestore(stateDir)
  return {...checkpoint, verified: checkpoint.entries.filter((entry) => entry.type === 'file').length}
}

export async function removeCheckpoint(stateDir: string, name: string): Promise<void> {
  checkName(name)
  await readCheckpoint(stateDir, name)
  const doomed = join(dirOf(stateDir), `.${name}.removing-${process.pid}`)
  await rename(join(dirOf(stateDir), name), doomed)
  await rm(doomed, {recursive: true, force: true})
}
