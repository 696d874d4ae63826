/**
 * The statements both readers know: assignments, include/require/include_all, export, unset,
 * addpylib and addfragments — BitBake's configuration grammar, one joined line at a time.
 */
import type {AssignOp, Statement} from './statements.js'

const name = '[a-zA-Z0-9\\-_+.$' + '{}/~:]'
const operator = String.raw`:=|\?\?=|\?=|\+=|=\+|=\.|\.=|=`
/**
 * Name (lazy, so `A+=` is `A` with `+=`), optional `[flag]`, operator, then a value quoted by one
 * kind of quote, the last character of the line closing it. A value with exactly three quotes of
 * the opening kind is refused, as BitBake refuses it.
 */
const assignmentPattern = new RegExp(
  String.raw`^(export\s+)?(${name}*?)(\[([a-zA-Z0-9\-_+.][a-zA-Z0-9\-_+.@/]*)\])?(\s*)(${operator})(\s*)(?!'[^']*'[^']*'$)(?!"[^"]*"[^"]*"$)(['"])(.*)\8$`,
)
const assignmentShape = new RegExp(String.raw`^(export\s+)?(${name}*?)(\[[^\]]*\])?\s*(${operator})\s*`)
const include = /^include\s+(.+)/
const require = /^require\s+(.+)/
const includeAll = /^include_all\s+(.+)/
const exportName = /^export\s+([a-zA-Z0-9\-_+.${}/~]+)$/
const unset = /^unset\s+([a-zA-Z0-9\-_+.${}/~]+)$/
const unsetFlag = /^unset\s+([a-zA-Z0-9\-_+.${}/~]+)\[([a-zA-Z0-9\-_+.][a-zA-Z0-9\-_+.@]+)\]$/
const addpylib = /^addpylib\s+(.+)\s+(.+)/
const addfragments = /^addfragments\s+(.+)\s+(.+)\s+(.+)\s+(.+)/

type At = {line: number; column: number; endLine: number}
export type LineResult = {statement: Statement; warning?: string} | {message: string; column: number}

export function assignment(line: string, at: At): LineResult | undefined {
  const m = assignmentPattern.exec(line)
  if (!m) return undefined
  if (m[2] === '') return {message: `empty variable name in assignment: '${line}'`, column: 1}
  const statement: Statement = {kind: 'assign', name: m[2], op: m[6] as AssignOp, value: m[9], exported: m[1] !== undefined, ...at}
  if (m[4] !== undefined) statement.flag = m[4]
  const warning = m[5] === '' || m[7] === '' ? `lack of whitespace around the assignment: '${line}'` : undefined
  return {statement, warning}
}

/** One joined line of a configuration file (or the configuration part of a recipe file). */
export function confStatement(line: string, at: At, confFile = true): LineResult {
  const assigned = assignment(line, at)
  if (assigned) return assigned
  let m = include.exec(line)
  if (m) return {statement: {kind: 'include', file: m[1], required: false, ...at}}
  m = require.exec(line)
  if (m) return {statement: {kind: 'include', file: m[1], required: true, ...at}}
  m = includeAll.exec(line)
  if (m) return {statement: {kind: 'include_all', file: m[1], ...at}}
  m = exportName.exec(line)
  if (m) return {statement: {kind: 'export', name: m[1], ...at}}
  m = unset.exec(line)
  if (m) return {statement: {kind: 'unset', name: m[1], ...at}}
  m = unsetFlag.exec(line)
  if (m) return {statement: {kind: 'unset', name: m[1], flag: m[2], ...at}}
  m = addpylib.exec(line)
  if (m && confFile) return {statement: {kind: 'addpylib', dir: m[1], namespace: m[2], ...at}}
  m = addfragments.exec(line)
  if (m) return {statement: {kind: 'addfragments', prefix: m[1], variable: m[2], flagged: m[3], builtin: m[4], ...at}}
  return unparsed(line)
}

function unparsed(line: string): {message: string; column: number} {
  const shape = assignmentShape.exec(line)
  if (shape && shape[2] !== '') {
    const column = shape[0].length + 1
    const value = line.slice(shape[0].length)
    const reason = value === '' ? 'has no value' : /^['"]/.test(value) ? 'has unbalanced quotes' : 'is not in quotes'
    return {message: `the value of ${shape[2]} ${reason}: '${line}'`, column}
  }
  return {message: `unparsed line: '${line}'`, column: 1}
}
