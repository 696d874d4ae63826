/** How a changed program (`tool:<name>`) or the compiler behind it (`compiler:<name>`) reads in `tck explain`. */
import type {KeyChange} from './diff.js'

const short = (digest: string) => (/^[0-9a-f]{64}$/.test(digest) ? digest.slice(0, 12) : digest)

/** `tool:` values are `<real path> <sha256>`, or `not found`. */
function program(value: string): {realpath: string; content: string} | undefined {
  if (value === 'not found') return undefined
  const space = value.lastIndexOf(' ')
  return {realpath: value.slice(0, space), content: value.slice(space + 1)}
}

export function describeTool({name, change, before = '', after = ''}: KeyChange): string {
  if (change === 'added') return `program ${name}: now part of the key (${program(after)?.realpath ?? 'not found'})`
  if (change === 'removed') return `program ${name}: no longer part of the key`
  const was = program(before)
  const now = program(after)
  if (!now) return `program ${name}: not found now (was ${was?.realpath})`
  if (!was) return `program ${name}: now found, ${now.realpath}`
  if (was.realpath !== now.realpath) return `program ${name}: now ${now.realpath} (was ${was.realpath})`
  return `program ${name}: ${now.realpath} changed content (${short(was.content)} -> ${short(now.content)})`
}

interface Compiler {
  name?: string
  version?: string
  target?: string
  files?: Array<[string, string]>
}

function parse(value: string): Compiler {
  try {
    return JSON.parse(value) as Compiler
  } catch {
    return {}
  }
}

export function describeCompiler({name, change, before = '', after = ''}: KeyChange): string {
  const was = parse(before)
  const now = parse(after)
  if (change === 'added') return `program ${name}: now identified as ${now.name} ${now.version} (${now.target})`
  if (change === 'removed') return `program ${name}: no longer identified as a compiler (was ${was.name} ${was.version})`
  const what: string[] = []
  if (was.name !== now.name || was.version !== now.version) what.push(`${was.name} ${was.version} -> ${now.name} ${now.version}`)
  if (was.target !== now.target) what.push(`target ${was.target} -> ${now.target}`)
  const old = new Map(was.files ?? [])
  const files = (now.files ?? []).filter(([file, digest]) => old.get(file) !== digest).map(([file]) => file)
  if (files.length > 0 || old.size !== (now.files ?? []).length) what.push(`its files changed${files.length > 0 ? ` (${files.join(', ')})` : ''}`)
  return `compiler behind ${name}: ${what.join('; ') || 'changed'}`
}
