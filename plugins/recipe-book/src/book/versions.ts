/**
 * Package versions as books write them (`1.3.1`, `2.5.1a`, `9.5p1`, `20240117`, `1.0~rc2`) and
 * constraints on them. Comparison follows dpkg's rule, which orders every one of those forms
 * sensibly: runs of digits compare as numbers, other runs character by character with letters
 * before punctuation, and `~` before anything, even the end (so `1.0~rc2` < `1.0`).
 */
import type {Constraint, Dependency, DependencyKind} from './model.js'

function order(char: string | undefined): number {
  if (char === undefined) return 0
  if (char === '~') return -1
  if (/[A-Za-z]/.test(char)) return char.charCodeAt(0)
  return char.charCodeAt(0) + 256
}

export function compareVersions(a: string, b: string): number {
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    // The non-digit run first.
    while ((i < a.length && !/\d/.test(a[i])) || (j < b.length && !/\d/.test(b[j]))) {
      const left = i < a.length && !/\d/.test(a[i]) ? a[i] : undefined
      const right = j < b.length && !/\d/.test(b[j]) ? b[j] : undefined
      const difference = order(left) - order(right)
      if (difference !== 0) return difference
      if (left !== undefined) i++
      if (right !== undefined) j++
    }
    const digitsA = /^\d*/.exec(a.slice(i))![0]
    const digitsB = /^\d*/.exec(b.slice(j))![0]
    i += digitsA.length
    j += digitsB.length
    const difference = Number(digitsA || 0) - Number(digitsB || 0)
    if (difference !== 0) return difference
  }
  return 0
}

export function satisfies(version: string, constraint: Constraint): boolean {
  const difference = compareVersions(version, constraint.version)
  switch (constraint.op) {
    case '>=': return difference >= 0
    case '>': return difference > 0
    case '<=': return difference <= 0
    case '<': return difference < 0
    case '=': return difference === 0
    case '!=': return difference !== 0
  }
}

export const formatConstraints = (constraints: Constraint[]): string => constraints.map(({op, version}) => `${op} ${version}`).join(', ')

/** `name[:pass] [op version[, op version...]]`; undefined when it is not one. */
export function parseDependency(text: string, kind: DependencyKind): Dependency | undefined {
  const match = /^([A-Za-z0-9][\w.+-]*)(?::(\d+))?\s*(.*)$/.exec(text.trim())
  if (!match) return undefined
  const constraints: Constraint[] = []
  for (const part of match[3].split(',').map((piece) => piece.trim()).filter(Boolean)) {
    const found = /^(>=|<=|!=|=|>|<)\s*([\w.+~:-]+)$/.exec(part)
    if (!found) return undefined
    constraints.push({op: found[1] as Constraint['op'], version: found[2]})
  }
  return {name: match[1], pass: match[2] ? Number(match[2]) : undefined, constraints, kind, text: text.trim()}
}
