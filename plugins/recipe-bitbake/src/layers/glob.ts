/**
 * Python's `glob.glob` for the BBFILES patterns layers use (`${LAYERDIR}/recipes-*\/*\/*.bb`):
 * `*`, `?` and `[...]` match within one path segment, names starting with a dot only when the
 * pattern segment does, no `**`. Results come back sorted, as BitBake sorts them.
 */
import {readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'

const magic = /[*?[]/

/** fnmatch's translation: the pattern of one name as an anchored regular expression. */
export function fnmatchToRegExp(pattern: string): RegExp {
  let out = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '*') out += '.*'
    else if (c === '?') out += '.'
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2)
      if (end === -1) out += '\\['
      else {
        let body = pattern.slice(i + 1, end).replace(/\\/g, '\\\\')
        if (body[0] === '!') body = '^' + body.slice(1)
        else if (body[0] === '^') body = '\\' + body
        out += `[${body}]`
        i = end
      }
    } else out += c.replace(/[.+^${}()|\\/-]/g, '\\$&')
  }
  return new RegExp(`^(?:${out})$`, 's')
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

function exists(path: string): boolean {
  try {
    statSync(path)
    return true
  } catch {
    return false
  }
}

export function glob(pattern: string): string[] {
  const absolute = pattern.startsWith('/')
  const segments = pattern.split('/').filter((s, i) => s !== '' || (i === 0 && absolute))
  let paths = [absolute ? '/' : '.']
  for (const [index, segment] of segments.entries()) {
    if (index === 0 && absolute) continue
    const next: string[] = []
    for (const base of paths) {
      if (!magic.test(segment)) {
        const candidate = join(base, segment)
        if (exists(candidate)) next.push(candidate)
        continue
      }
      const matcher = fnmatchToRegExp(segment)
      for (const name of listDir(base)) {
        if (name.startsWith('.') && !segment.startsWith('.')) continue
        if (matcher.test(name)) next.push(join(base, name))
      }
    }
    paths = next
  }
  return paths.map((p) => (absolute ? p : p.replace(/^\.\//, ''))).sort()
}
