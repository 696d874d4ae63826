/** Which key parts differ between two manifests, and — for a dependency — why its own key changed. */
import type {KeyPart} from '../contracts/task.js'
import type {KeyManifest} from './manifest.js'
import {describeCompiler, describeTool} from './tool-changes.js'

export type PartKind =
  | 'engine' | 'command' | 'cwd' | 'env' | 'stdin' | 'tool' | 'compiler' | 'input' | 'read' | 'dep' | 'dep-outputs' | 'outputs'
  | 'executor' | 'resources' | 'plugin' | 'config' | 'other'

export interface KeyChange {
  /** The key part as the engine names it: `input:src/a.c`, `env:CC`, `tool:cc`, `dep:zlib:compile`, `command`; a plugin's own kind is `other`. */
  part: string
  kind: PartKind
  /** The file, variable, dependency or part name. */
  name: string
  change: 'changed' | 'added' | 'removed'
  before?: string
  after?: string
  /** A dependency's own changes between the two keys this task saw, when both manifests are kept. */
  because?: KeyChange[]
  /** The same dependency change was already followed down earlier in this explanation. */
  explainedAbove?: boolean
}

/** Finds a task's manifest by the key it recorded (the value a dependant's `dep:` part holds). */
export type ManifestLookup = (task: string, key: string) => KeyManifest | undefined

const KINDS: ReadonlySet<string> = new Set([
  'engine', 'command', 'cwd', 'env', 'stdin', 'tool', 'compiler', 'input', 'read', 'dep', 'dep-outputs', 'outputs', 'executor', 'resources', 'plugin', 'config',
])

/** How a part is named in explanations: `kind:name`, or the kind alone when it is its own name (`command`, `cwd`). */
export const partLabel = ({kind, name}: KeyPart) => (kind === name ? kind : `${kind}:${name}`)

/** Parts by label; a label a plugin added twice is told apart by its position (`name#2`). */
function byLabel(parts: KeyPart[]): Map<string, KeyPart> {
  const map = new Map<string, KeyPart>()
  for (const part of parts) {
    const label = partLabel(part)
    let unique = label
    for (let n = 2; map.has(unique); n++) unique = `${label}#${n}`
    map.set(unique, part)
  }
  return map
}

const kindOf = (part: KeyPart): PartKind => (KINDS.has(part.kind) ? (part.kind as PartKind) : 'other')

export function diffParts(before: KeyPart[], after: KeyPart[]): KeyChange[] {
  const old = byLabel(before)
  const now = byLabel(after)
  const changes: KeyChange[] = []
  for (const [label, part] of now) {
    const previous = old.get(label)
    if (previous?.value === part.value) continue
    const name = kindOf(part) === 'other' ? label : part.name
    changes.push({part: label, kind: kindOf(part), name, change: previous ? 'changed' : 'added', before: previous?.value, after: part.value})
  }
  for (const [label, part] of old) {
    if (!now.has(label)) changes.push({part: label, kind: kindOf(part), name: kindOf(part) === 'other' ? label : part.name, change: 'removed', before: part.value})
  }
  return changes
}

/**
 * The changes from `before` to `after`, following changed dependencies down to what changed in
 * them; a dependency reached twice is followed once (`followed` spans the whole explanation).
 */
export function explainChanges(before: KeyManifest, after: KeyManifest, lookup: ManifestLookup, followed = new Set<string>()): KeyChange[] {
  followed.add(after.task)
  const changes = diffParts(before.parts, after.parts)
  for (const change of changes) {
    if (change.kind !== 'dep' || change.change !== 'changed') continue
    if (followed.has(change.name)) {
      change.explainedAbove = true
      continue
    }
    const depBefore = lookup(change.name, change.before!)
    const depAfter = lookup(change.name, change.after!)
    if (depBefore && depAfter) change.because = explainChanges(depBefore, depAfter, lookup, followed)
  }
  return changes
}

const short = (value: string | undefined, width = 60) =>
  value === undefined ? '' : value.length > width ? `${value.slice(0, width - 1)}…` : value
const isDigest = (value: string | undefined) => value !== undefined && /^[0-9a-f]{64}$/.test(value)
const digest = (value: string | undefined) => (isDigest(value) ? value!.slice(0, 12) : short(value))
const shown = (value: string | undefined) => (isDigest(value) ? value!.slice(0, 12) : JSON.stringify(short(value)))

/**
 * Old and new value of a part. Long values (a script, PATH) show only where they differ, as
 * `…context[-old-]{+new+}context…`, so a one-word edit in a long command is visible.
 */
export function transition(before = '', after = ''): string {
  if (isDigest(before) || isDigest(after)) return `${digest(before)} -> ${digest(after)}`
  if (before.length <= 60 && after.length <= 60) return `${JSON.stringify(before)} -> ${JSON.stringify(after)}`
  let prefix = 0
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++
  let suffix = 0
  while (suffix < before.length - prefix && suffix < after.length - prefix && before.at(-1 - suffix) === after.at(-1 - suffix)) suffix++
  const context = 20
  const head = prefix > context ? `…${before.slice(prefix - context, prefix)}` : before.slice(0, prefix)
  const tailStart = before.length - suffix
  const tail = suffix > context ? `${before.slice(tailStart, tailStart + context)}…` : before.slice(tailStart)
  const removed = before.slice(prefix, tailStart)
  const added = after.slice(prefix, after.length - suffix)
  return `${head}${removed ? `[-${short(removed)}-]` : ''}${added ? `{+${short(added)}+}` : ''}${tail}`
}

/** One line per change, as a person reads it. */
export function describeChange(change: KeyChange): string {
  const {kind, name, before, after} = change
  const added = change.change === 'added'
  const removed = change.change === 'removed'
  switch (kind) {
    case 'input':
      if (added) return `file ${name}: new input`
      if (removed) return `file ${name}: no longer an input`
      return `file ${name}: content changed (${digest(before)} -> ${digest(after)})`
    case 'env':
      if (added) return `environment variable ${name}: now set (${JSON.stringify(short(after))})`
      if (removed) return `environment variable ${name}: no longer set (was ${JSON.stringify(short(before))})`
      return `environment variable ${name}: ${transition(before, after)}`
    case 'tool':
      return describeTool(change)
    case 'compiler':
      return describeCompiler(change)
    case 'dep':
      if (added) return `dependency ${name}: new dependency`
      if (removed) return `dependency ${name}: no longer a dependency`
      if (change.explainedAbove) return `dependency ${name} changed (see above)`
      return `dependency ${name} changed (key ${digest(before)} -> ${digest(after)})${change.because ? ':' : '; its earlier manifest is no longer kept'}`
    case 'dep-outputs':
      if (added || removed) return `dependency ${name}: its outputs ${added ? 'now count' : 'no longer count'}`
      return `dependency ${name}: its outputs changed (${digest(before)} -> ${digest(after)})`
    case 'read':
      if (added) return `file ${name}: now read by the compiler`
      if (removed) return `file ${name}: no longer read by the compiler`
      return `file ${name} (read by the compiler): content changed (${digest(before)} -> ${digest(after)})`
    case 'plugin': {
      const version = (value?: string) => value?.split(' ')[0]
      if (added) return `plugin ${name} ${version(after)}: now taps a keyed hook`
      if (removed) return `plugin ${name}: no longer taps a keyed hook`
      if (version(before) !== version(after)) return `plugin ${name} ${version(before)} -> ${version(after)}`
      return `plugin ${name} ${version(after)}: its code changed`
    }
    case 'config':
      if (added) return `${name}: now taps a keyed hook`
      if (removed) return `${name}: no longer taps a keyed hook`
      return `${name} changed`
    case 'executor':
      if (added) return `executor ${name}: now runs it`
      if (removed) return `executor ${name}: no longer runs it`
      return `executor ${name}: its settings changed (${transition(before, after)})`
    case 'resources':
      return `the resource limits changed: ${transition(before, after)}`
    case 'stdin':
      return `the input on stdin changed (${digest(before)} -> ${digest(after)})`
    case 'engine':
      return `tck's key format changed: ${transition(before, after)}`
    case 'command':
      return `the command changed: ${transition(before, after)}`
    case 'cwd':
      return `the working directory changed: ${before} -> ${after}`
    case 'outputs':
      return `the declared outputs changed: ${transition(before, after)}`
    default:
      if (added) return `key part ${name} (added by a plugin): now ${shown(after)}`
      if (removed) return `key part ${name} (added by a plugin): no longer present`
      return `key part ${name} (added by a plugin): ${transition(before, after)}`
  }
}

/** The changes worth a line: a changed dependency key already says its outputs may differ. */
export function visibleChanges(changes: KeyChange[]): KeyChange[] {
  const changedDeps = new Set(changes.filter((change) => change.kind === 'dep').map((change) => change.name))
  return changes.filter((change) => !(change.kind === 'dep-outputs' && changedDeps.has(change.name)))
}

/** Indented lines: each change, then what changed inside a dependency beneath it. */
export function describeChanges(changes: KeyChange[], indent = '  '): string[] {
  const lines: string[] = []
  for (const change of visibleChanges(changes)) {
    lines.push(`${indent}${describeChange(change)}`)
    if (change.because) lines.push(...describeChanges(change.because, `${indent}  `))
  }
  return lines
}
