/**
 * Copies of a directory tree, entry by entry: each file reflinked where the filesystem can
 * (a copy-on-write clone), else hardlinked, else copied; directories and symbolic links made
 * anew. A hardlinked copy stays exact as long as files are replaced rather than edited in place —
 * which is how tck writes the root — and every use verifies the digests, so an in-place edit is
 * caught, not restored.
 */
import {constants} from 'node:fs'
import {chmod, copyFile, link, lstat, mkdir, readdir, readlink, symlink} from 'node:fs/promises'
import {join} from 'node:path'
import {tckApi} from '../runtime.js'

export interface SnapshotEntry {
  path: string
  type: 'dir' | 'file' | 'symlink'
  mode: number
  digest?: string
  size?: number
  target?: string
}

export type Method = 'reflink' | 'hardlink' | 'copy'

export async function listTree(dir: string, prefix = ''): Promise<SnapshotEntry[]> {
  const found: SnapshotEntry[] = []
  for (const name of (await readdir(join(dir, prefix))).sort()) {
    const path = prefix ? `${prefix}/${name}` : name
    const info = await lstat(join(dir, path))
    if (info.isSymbolicLink()) found.push({path, type: 'symlink', mode: 0o777, target: await readlink(join(dir, path))})
    else if (info.isDirectory()) found.push({path, type: 'dir', mode: info.mode & 0o7777}, ...(await listTree(dir, path)))
    else if (info.isFile()) found.push({path, type: 'file', mode: info.mode & 0o7777, size: info.size})
  }
  return found
}

/** Every entry with the SHA-256 of each file: what "the same tree" means. */
export async function digestTree(dir: string): Promise<SnapshotEntry[]> {
  const entries = await listTree(dir)
  for (const entry of entries) if (entry.type === 'file') entry.digest = await tckApi().sha256File(join(dir, entry.path))
  return entries
}

async function placeFile(from: string, to: string, mode: number, methods: Method[]): Promise<Method> {
  for (const method of methods) {
    try {
      if (method === 'reflink') await copyFile(from, to, constants.COPYFILE_FICLONE_FORCE)
      else if (method === 'hardlink') await link(from, to)
      else await copyFile(from, to)
      if (method !== 'hardlink') await chmod(to, mode)
      return method
    } catch (error) {
      if (method === 'copy') throw error
    }
  }
  throw new Error('no copy method')
}

/** Makes `to` (a new, empty directory) a copy of the tree `entries` describes under `from`; the count of each method used. */
export async function copyTree(from: string, to: string, entries: SnapshotEntry[], methods: Method[] = ['reflink', 'hardlink', 'copy']): Promise<Record<Method, number>> {
  const used: Record<Method, number> = {reflink: 0, hardlink: 0, copy: 0}
  // Once a method fails for one file it fails for all (same filesystems): stop trying it.
  let usable = [...methods]
  await mkdir(to, {recursive: true})
  for (const entry of entries) {
    const destination = join(to, entry.path)
    if (entry.type === 'dir') await mkdir(destination, {mode: entry.mode})
    else if (entry.type === 'symlink') await symlink(entry.target!, destination)
    else {
      const method = await placeFile(join(from, entry.path), destination, entry.mode, usable)
      usable = usable.slice(usable.indexOf(method))
      used[method]++
    }
  }
  for (const entry of entries.filter((candidate) => candidate.type === 'dir').reverse()) await chmod(join(to, entry.path), entry.mode)
  return used
}

/** How `actual` differs from `expected`, as lines naming paths; empty when they are the same tree. */
export function treeDifferences(expected: SnapshotEntry[], actual: SnapshotEntry[]): string[] {
  const key = (entry: SnapshotEntry) => JSON.stringify([entry.type, entry.mode, entry.digest, entry.target])
  const before = new Map(expected.map((entry) => [entry.path, entry]))
  const after = new Map(actual.map((entry) => [entry.path, entry]))
  const lines: string[] = []
  for (const [path, entry] of before) {
    const now = after.get(path)
    if (!now) lines.push(`/${path} is missing`)
    else if (key(now) !== key(entry)) lines.push(`/${path} changed`)
  }
  for (const path of after.keys()) if (!before.has(path)) lines.push(`/${path} is new`)
  return lines
}
