/**
 * The names that must stay absent for a compile to read the same files again: for each
 * `#include` (and `__has_include`) in the files it read, every directory searched before the one
 * that answered — the includer's own directory first for `"..."`, then the search list — and for
 * each library the link took, the same name (as `.so` or `.a`) in every library directory before
 * its own. A file read that no directive explains (a computed `#include MACRO`) is matched
 * against the search list by its path. This is exact for what the preprocessor can do, up to
 * conditionals: a directive under a false `#if` also counts, which only ever rebuilds more.
 */
import {dirname, join} from 'node:path'
import type {Directive} from './scans.js'

export interface SearchLists {
  quote: string[]
  angle: string[]
  libraries: string[]
}

/** What the linker reads (archives, shared objects, objects): no directives, nothing the preprocessor expands. */
export const LIBRARY = /\.(a|so(\.[\d.]+)?|o)$/
const under = (dir: string, file: string) => file.startsWith(dir.endsWith('/') ? dir : `${dir}/`)

/** A relative name with no `.`, `..` or empty component: joined to a resolved directory by concatenation. */
const PLAIN = /^(?=.)(?!\/)(?!.*(?:^|\/)\.\.?(?:\/|$))(?!.*\/\/)(?!.*\/$)/

/** Names in `dirs` (resolved) before the first one holding `name` among `read` (all of them when none does). */
function before(dirs: string[], name: string, read: Set<string>, found: (path: string) => void): string[] {
  const names: string[] = []
  // path.join for each directory of each directive of each header was a tenth of a cold build's own CPU.
  const plain = PLAIN.test(name)
  for (const dir of dirs) {
    const path = plain ? (dir === '/' ? `/${name}` : `${dir}/${name}`) : join(dir, name)
    if (read.has(path)) {
      found(path)
      return names
    }
    names.push(path)
  }
  return names
}

/** Libraries: `libfoo.a` found means no `libfoo.so` earlier either, and the reverse: the linker takes either. */
function libraryNames(file: string, dirs: string[]): string[] {
  const names: string[] = []
  dirs.forEach((dir, index) => {
    if (!under(dir, file)) return
    const rest = file.slice(dir.replace(/\/$/, '').length + 1)
    const match = /^(.*\/)?(lib[^/]+)\.(so|a)$/.exec(rest)
    const variants = match ? [`${match[1] ?? ''}${match[2]}.so`, `${match[1] ?? ''}${match[2]}.a`] : [rest]
    for (const earlier of dirs.slice(0, index)) for (const variant of variants) names.push(join(earlier, variant))
  })
  return names
}

/** Candidates for names that must stay absent; the caller keeps those that do not exist now. */
export function shadowingNames(files: Iterable<string>, lists: SearchLists, directivesOf: (file: string) => Directive[]): Set<string> {
  const read = new Set(files)
  const explained = new Set<string>()
  const names = new Set<string>()
  const note = (path: string) => explained.add(path)
  for (const file of read) {
    if (LIBRARY.test(file)) {
      for (const name of libraryNames(file, lists.libraries)) names.add(name)
      continue
    }
    for (const {name, quoted} of directivesOf(file)) {
      const dirs = quoted ? [dirname(file), ...lists.quote] : lists.angle
      for (const path of before(dirs, name, read, note)) names.add(path)
    }
  }
  // Found by a name no directive spells out (a macro): matched against the search list by path.
  for (const file of read) {
    if (LIBRARY.test(file) || explained.has(file)) continue
    lists.angle.forEach((dir, index) => {
      if (!under(dir, file)) return
      const rest = file.slice(dir.replace(/\/$/, '').length + 1)
      for (const earlier of lists.angle.slice(0, index)) names.add(join(earlier, rest))
    })
  }
  return names
}
