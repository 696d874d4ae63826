/**
 * Stat records: what a file was (size, mtime, inode, ctime) or that it did not exist. A cached
 * parse is reused only while every file it read, and every path it probed and did not find,
 * still stats the same — so checking a cache reads no file, only stats.
 */
import {statSync} from 'node:fs'

/** `path\0size\0mtime\0ino\0ctime`, or `path\0-` for a path that did not exist. */
export type Stamp = string

export function stamp(path: string): Stamp {
  const st = statSync(path, {bigint: true, throwIfNoEntry: false})
  if (!st) return `${path}\0-`
  return `${path}\0${st.size}\0${st.mtimeNs}\0${st.ino}\0${st.ctimeNs}`
}

/** Stats each distinct path once; true when every stamp still holds. */
export class StampChecker {
  private seen = new Map<string, boolean>()

  holds(stamps: Stamp[]): boolean {
    for (const recorded of stamps) {
      let ok = this.seen.get(recorded)
      if (ok === undefined) {
        ok = stamp(recorded.slice(0, recorded.indexOf('\0'))) === recorded
        this.seen.set(recorded, ok)
      }
      if (!ok) return false
    }
    return true
  }
}
