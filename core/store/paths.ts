/**
 * Output paths resolved the way openat(2) with O_NOFOLLOW would: relative to the project root,
 * one component at a time, refusing any symlink on the way. Node has no openat, so each directory
 * on the way is lstat'ed; only the last component may be a link (an output that is a symlink).
 */
import {lstatSync, type Stats} from 'node:fs'
import {readlinkSync} from 'node:fs'
import {isAbsolute, join, normalize, relative, resolve, sep} from 'node:path'
import {TckError} from '../errors.js'

/** Whose path it is, for the message: a task's declaration or a cache entry. */
export type PathOwner = {taskId: string} | 'cache'

/** `path` as a clean path relative to `root`, or undefined when it leaves the project (or is the root itself). */
export function projectRelative(root: string, path: string): string | undefined {
  const clean = normalize(isAbsolute(path) ? relative(root, path) : path)
  if (clean === '.' || clean === '..' || clean.startsWith(`..${sep}`) || isAbsolute(clean)) return undefined
  return clean.replace(/\/+$/, '')
}

export function outsideError(root: string, path: string, owner: PathOwner): TckError {
  if (owner === 'cache') {
    return new TckError('STORE_CORRUPT', `a cache entry names output "${path}", which is outside the project`, {
      hint: 'The cache holds a bad entry; run `tck cache clear` on the level it came from.',
    })
  }
  return new TckError('TASK_FAILED', `task "${owner.taskId}": output "${path}" is outside the project root ${root}`, {
    hint: 'Declare outputs as paths relative to the project root.',
  })
}

/** The first directory on the way to `path` (relative) that is a symlink, or undefined. Missing parts end the walk: they will be made fresh. */
export function linkOnTheWay(root: string, path: string, verified?: Set<string>): string | undefined {
  const parts = path.split(sep)
  let walked = ''
  for (const part of parts.slice(0, -1)) {
    walked = walked ? join(walked, part) : part
    if (verified?.has(walked)) continue
    const info = lstatOrUndefined(join(root, walked))
    if (!info) return undefined
    if (info.isSymbolicLink()) return walked
    verified?.add(walked)
  }
  return undefined
}

/**
 * The absolute path of output `path`, after checking it stays inside the project and that no
 * directory on the way is a link. `verified` remembers directories already checked in one pass.
 */
export function outputPath(root: string, path: string, owner: PathOwner, verified?: Set<string>): string {
  const inside = projectRelative(root, path)
  if (inside === undefined) throw outsideError(root, path, owner)
  const link = linkOnTheWay(root, inside, verified)
  if (link !== undefined) {
    const target = readlinkOrUndefined(join(root, link))
    const who = owner === 'cache' ? '' : `task "${owner.taskId}": `
    throw new TckError('TASK_FAILED', `${who}output "${inside}" goes through the symlink ${link} (-> ${target}); tck never writes an output through a link`, {
      hint: `Make ${link} a real directory (remove the link), or declare the output at the path it really has.`,
    })
  }
  return join(root, inside)
}

/** Where link `path` (relative) with text `target` points, relative to the root; undefined when outside. */
export function linkTargetInside(root: string, path: string, target: string): string | undefined {
  const resolved = resolve(root, path, '..', target)
  const inside = relative(root, resolved)
  return inside === '' || inside === '..' || inside.startsWith(`..${sep}`) || isAbsolute(inside) ? undefined : inside
}

export function lstatOrUndefined(path: string): Stats | undefined {
  return lstatSync(path, {throwIfNoEntry: false})
}

function readlinkOrUndefined(path: string): string | undefined {
  try {
    return readlinkSync(path)
  } catch {
    return undefined
  }
}
