/**
 * Files a task made setuid or setgid inside the sandbox keep those bits on the host, where they
 * are root's when tck runs as root: every writable path is swept after the run.
 */
import {chmod, lstat, readdir, rm, stat} from 'node:fs/promises'
import {join} from 'node:path'
import type {Writable} from './writable.js'

const SETID_BITS = 0o6000

async function strip(path: string): Promise<void> {
  const info = await lstat(path).catch(() => undefined)
  if (!info || info.isSymbolicLink()) return
  if (info.mode & SETID_BITS) await chmod(path, info.mode & 0o1777)
  if (!info.isDirectory()) return
  for (const name of await readdir(path).catch(() => [] as string[])) await strip(join(path, name))
}

export async function afterRun(writable: Writable): Promise<void> {
  for (const path of [...writable.dirs, ...writable.files]) await strip(path)
  // An empty file made only so it could be bound, which the task never wrote: gone, so a missing output is caught.
  for (const {path, mtimeMs} of writable.created) {
    const info = await stat(path).catch(() => undefined)
    if (info && info.size === 0 && info.mtimeMs === mtimeMs) await rm(path, {force: true})
  }
}
