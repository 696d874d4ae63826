/**
 * What a package builds against: its own sysroot, the trees of every package it needs to be
 * built first (transitively), hardlinked into one directory in plan order. Nothing else is in it
 * — not the target root, where packages that merely ran at the same time may have landed — so
 * a package's key (its dependencies' keys and archives) covers everything it can see.
 */
import {link, lstat, mkdir, rm, symlink} from 'node:fs/promises'
import {join} from 'node:path'
import type {Node} from '../resolve/resolve.js'
import {buildDependencies} from '../resolve/plan.js'
import {entriesOf} from './trees.js'

/** The build dependencies of `key`, transitively, in plan order. */
export function closure(items: Node[], key: string): string[] {
  const byKey = new Map(items.map((item) => [item.key, item]))
  const needed = new Set<string>()
  const visit = (current: string) => {
    for (const dep of buildDependencies(byKey.get(current)!)) {
      if (!needed.has(dep)) {
        needed.add(dep)
        visit(dep)
      }
    }
  }
  visit(key)
  return items.map((item) => item.key).filter((candidate) => needed.has(candidate))
}

/** Fills `dir` afresh from `trees` (later trees win); hardlinks, which is safe because trees never change. */
export async function assembleSysroot(dir: string, trees: string[]): Promise<void> {
  await rm(dir, {recursive: true, force: true})
  await mkdir(dir, {recursive: true})
  for (const tree of trees) {
    for (const entry of await entriesOf(tree)) {
      const destination = join(dir, entry.path)
      const present = await lstat(destination).catch(() => undefined)
      if (entry.type === 'dir') {
        if (!present) await mkdir(destination)
        continue
      }
      if (present && !present.isDirectory()) await rm(destination)
      if (entry.type === 'symlink') await symlink(entry.target!, destination)
      else await link(join(tree, entry.path), destination)
    }
  }
}

/** The search paths a package's script gets, each pointing into its sysroot first. */
export const SYSROOT_PATHS: Record<string, string[]> = {
  PATH: ['usr/bin', 'usr/sbin', 'bin', 'sbin'],
  CPATH: ['usr/include'],
  LIBRARY_PATH: ['usr/lib', 'usr/lib64', 'lib'],
  PKG_CONFIG_PATH: ['usr/lib/pkgconfig', 'usr/share/pkgconfig'],
  ACLOCAL_PATH: ['usr/share/aclocal'],
}
