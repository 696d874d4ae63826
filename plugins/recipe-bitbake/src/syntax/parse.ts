/**
 * BitBake's metadata syntax → statements, with positions. Two readers, chosen by extension the way
 * BitBake chooses its handler: `.conf` files join continued lines first and know only variable
 * statements; `.bb`, `.bbappend`, `.bbclass` and `.inc` also have functions, tasks and inherits.
 * An unparsable line is reported at file:line:column and reading goes on with the next statement,
 * so one typo shows every other problem of the file too.
 */
import {basename, extname} from 'node:path'
import type {AssignOp, ParsedFile, Statement, SyntaxIssue} from './statements.js'
import {assignment, confStatement} from './conf-lines.js'

const functionStart = /^(?:(?:(python(?=\s|\())|(fakeroot(?=\s)))\s*)*([\w.\-+{}$:]+)?\s*\(\s*\)\s*\{$/
/** JavaScript resets captures of a repeated group, so the prefix is read again as a whole. */
const functionPrefix = /^(?:(?:python(?=\s|\()|fakeroot(?=\s))\s*)*/
const defStart = /^def\s+(\w+).*:/
const pythonBody = /^(?:\s+.*|$|#)/
const exportFunctions = /^EXPORT_FUNCTIONS\s+(.+)/
const addtask = /^addtask\s+([^#\n]+)/
const deltask = /^deltask\s+([^#\n]+)/
const addhandler = /^addhandler\s+(.+)/
const inherit = /^inherit\s+(.+)/
const inheritDefer = /^inherit_defer\s+(.+)/
/** BitBake refuses task names containing an override operator keyword. */
const taskKeywords = [':append', ':prepend', ':remove']

export function isConfFile(file: string): boolean {
  return extname(file) === '.conf'
}

export function parseMetadata(file: string, text: string): ParsedFile {
  return isConfFile(file) ? parseConf(file, text) : parseRecipeFile(file, text)
}

function splitLines(text: string): string[] {
  const lines = text.split('\n')
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  return lines
}

const rstrip = (s: string) => s.replace(/\s+$/, '')

/** The `.conf` reader: continued lines are joined before anything else, then comments dropped. */
export function parseConf(file: string, text: string): ParsedFile {
  const lines = splitLines(text)
  const statements: Statement[] = []
  const issues: SyntaxIssue[] = []
  for (let index = 0; index < lines.length; index++) {
    const first = index + 1
    if (lines[index].trim() === '') continue
    let joined = rstrip(lines[index])
    while (joined.endsWith('\\') && index + 1 < lines.length) {
      index++
      const next = rstrip(lines[index])
      if ((next === '' || next[0] !== '#') && joined[0] === '#') {
        issues.push({file, line: first, column: 1, severity: 'error', message: `a continued comment runs into line ${index + 1}, which is not a comment: say whether it is all a comment or should be parsed`})
      }
      joined = joined.slice(0, -1) + next
    }
    if (joined.endsWith('\\')) joined = joined.slice(0, -1)
    if (joined === '' || joined[0] === '#') continue
    const at = {line: first, column: 1, endLine: index + 1}
    const result = confStatement(joined, at)
    if ('message' in result) issues.push({file, line: first, column: result.column, severity: 'error', message: result.message})
    else {
      statements.push(result.statement)
      if (result.warning) issues.push({file, line: first, column: 1, severity: 'warning', message: result.warning})
    }
  }
  return {file, statements, issues}
}

interface OpenFunction {
  name?: string
  python: boolean
  fakeroot: boolean
  line: number
  body: string[]
}

/** The `.bb`/`.bbclass`/`.inc`/`.bbappend` reader, statement by statement as BitBake feeds them. */
export function parseRecipeFile(file: string, text: string): ParsedFile {
  const lines = splitLines(text)
  const statements: Statement[] = []
  const issues: SyntaxIssue[] = []
  const className = extname(file) === '.bbclass' ? basename(file, '.bbclass') : ''
  const error = (line: number, column: number, message: string) => issues.push({file, line, column, severity: 'error', message})
  let inFunction: OpenFunction | undefined
  let inDef: {name: string; line: number; body: string[]} | undefined
  let residue: string[] = []
  let residueStart = 0

  const closeDef = (lineno: number) => {
    statements.push({kind: 'def', name: inDef!.name, body: inDef!.body, line: inDef!.line, column: 1, endLine: lineno})
    inDef = undefined
  }

  for (let index = 0; index < lines.length; index++) {
    const lineno = index + 1
    const s = rstrip(lines[index])
    if (inFunction) {
      if (s === '}') {
        const {name, python, fakeroot, line, body} = inFunction
        statements.push({kind: 'function', name, python, fakeroot, body: [...body, ''], line, column: 1, endLine: lineno})
        inFunction = undefined
      } else inFunction.body.push(s)
      continue
    }
    if (inDef) {
      if (pythonBody.test(s)) {
        inDef.body.push(s)
        continue
      }
      closeDef(lineno)
    }
    if (s[0] === '#' && residue.length > 0 && residue[0][0] !== '#') {
      error(lineno, 1, 'a comment in the middle of a continued (\\) statement is not allowed')
      residue = []
      continue
    }
    if (residue.length > 0 && residue[0][0] === '#' && (s === '' || s[0] !== '#')) {
      error(residueStart, 1, 'a continued comment runs into a line that is not a comment: say whether it is all a comment or should be parsed')
      residue = []
    }
    if (s.endsWith('\\')) {
      if (residue.length === 0) residueStart = lineno
      residue.push(s.slice(0, -1))
      continue
    }
    const start = residue.length > 0 ? residueStart : lineno
    const line = residue.join('') + s
    residue = []
    if (line === '' || line[0] === '#') continue
    const at = {line: start, column: 1, endLine: lineno}

    const fn = functionStart.exec(line)
    if (fn) {
      const prefix = functionPrefix.exec(line)![0]
      const name = fn[3] === '__anonymous' ? undefined : fn[3]
      inFunction = {name, python: name === undefined || prefix.includes('python'), fakeroot: prefix.includes('fakeroot'), line: start, body: []}
      continue
    }
    const def = defStart.exec(line)
    if (def) {
      inDef = {name: def[1], line: start, body: [line]}
      continue
    }
    const statement = recipeStatement(line, at, className)
    if (statement === undefined) {
      const result = confStatement(line, at, false)
      if ('message' in result) error(start, result.column, result.message)
      else {
        statements.push(result.statement)
        if (result.warning) issues.push({file, line: start, column: 1, severity: 'warning', message: result.warning})
      }
    } else if ('message' in statement) error(start, 1, statement.message)
    else statements.push(statement)
  }
  if (inDef) closeDef(lines.length + 1)
  if (residue.length > 0) error(residueStart, 1, `the file ends inside a continued (\\) statement: ${residue.join('').slice(0, 60)}`)
  if (inFunction) error(inFunction.line, 1, `function ${inFunction.name ?? '(anonymous python)'} is never closed: a line with only } is missing`)
  return {file, statements, issues}
}

type At = {line: number; column: number; endLine: number}

function recipeStatement(line: string, at: At, className: string): Statement | {message: string} | undefined {
  let m = exportFunctions.exec(line)
  if (m) return {kind: 'export_functions', functions: m[1], className, ...at}
  m = addtask.exec(line)
  if (m) {
    const words = line.split(/\s+/)
    const bad = words.find((word) => taskKeywords.some((keyword) => word.includes(`${keyword}_`)))
    if (bad) return {message: `task name '${bad}' contains an override keyword (${taskKeywords.join(', ')}): rename the task`}
    return {kind: 'addtask', ...splitAddtask(m[1]), ...at}
  }
  m = deltask.exec(line)
  if (m) return {kind: 'deltask', tasks: m[1], ...at}
  m = addhandler.exec(line)
  if (m) return {kind: 'addhandler', handlers: m[1], ...at}
  m = inherit.exec(line)
  if (m) return {kind: 'inherit', classes: m[1], deferred: false, ...at}
  m = inheritDefer.exec(line)
  if (m) return {kind: 'inherit', classes: m[1], deferred: true, ...at}
  return undefined
}

/**
 * `addtask A B after C before D after E`: BitBake splits on the words ` after ` and ` before `
 * (not on whitespace) so expansion can wait; the tasks are what precedes the first keyword.
 */
export function splitAddtask(spec: string): {tasks: string; before: string; after: string} {
  const tasks = spec.split(' before ')[0].split(' after ')[0]
  let after = ''
  let before = ''
  for (const part of spec.split(' before ')) {
    const pieces = part.split(' after ')
    if (pieces.length > 1) after += pieces.slice(1).join(' ')
  }
  for (const part of spec.split(' after ')) {
    const pieces = part.split(' before ')
    if (pieces.length > 1) before += pieces.slice(1).join(' ')
  }
  return {tasks, before, after}
}

export type {AssignOp}
export {assignment}
