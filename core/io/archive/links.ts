/**
 * Follows a path under a root through every symbolic link in it, the way the kernel would, but
 * without needing the end to exist: `realpath` fails on a dangling link, and a dangling link
 * that points outside becomes a way out the moment something creates its target.
 */
import {lstatSync, readlinkSync} from 'node:fs'
import {join} from 'node:path'

/** The kernel's own limit (MAXSYMLINKS on Linux). */
const MAX_LINKS = 40

export type Resolution = 'inside' | 'outside' | 'loop'

function linkTarget(path: string): string | undefined {
  try {
    return lstatSync(path).isSymbolicLink() ? readlinkSync(path) : undefined
  } catch {
    return undefined
  }
}

/**
 * Where `rel` (relative to `root`) leads. A missing component is taken literally, and so is
 * `..` after it: that errs towards refusing, never towards letting a path out.
 */
export function resolveUnder(root: string, rel: string): Resolution {
  const pending = rel.split('/')
  const resolved: string[] = []
  let links = 0
  while (pending.length > 0) {
    const part = pending.shift()!
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (resolved.length === 0) return 'outside'
      resolved.pop()
      continue
    }
    resolved.push(part)
    const target = linkTarget(join(root, ...resolved))
    if (target === undefined) continue
    if (++links > MAX_LINKS) return 'loop'
    if (target.startsWith('/')) return 'outside'
    resolved.pop()
    pending.unshift(...target.split('/'))
  }
  return 'inside'
}
