/**
 * The statements of BitBake's metadata language, as the parser yields them. Every statement keeps
 * where it starts (`line`, `column`, 1-based) and the line BitBake itself numbers it by (`endLine`,
 * the last physical line of a continued statement), because function flags and anonymous function
 * names are derived from BitBake's numbering. The evaluator (python/tckbb) reads these as JSON.
 */

export type AssignOp = '=' | '?=' | '??=' | ':=' | '+=' | '=+' | '.=' | '=.'

interface At {
  line: number
  column: number
  endLine: number
}

export type Statement =
  | (At & {kind: 'assign'; name: string; flag?: string; op: AssignOp; value: string; exported: boolean})
  | (At & {kind: 'include'; file: string; required: boolean})
  | (At & {kind: 'include_all'; file: string})
  | (At & {kind: 'export'; name: string})
  | (At & {kind: 'unset'; name: string; flag?: string})
  | (At & {kind: 'addpylib'; dir: string; namespace: string})
  | (At & {kind: 'addfragments'; prefix: string; variable: string; flagged: string; builtin: string})
  /** A shell or python function with a body in braces; `name` absent for `python () {`. */
  | (At & {kind: 'function'; name?: string; body: string[]; python: boolean; fakeroot: boolean})
  /** A `def name(...):` python function, `body` including the `def` line. */
  | (At & {kind: 'def'; name: string; body: string[]})
  | (At & {kind: 'export_functions'; functions: string; className: string})
  | (At & {kind: 'addtask'; tasks: string; before: string; after: string})
  | (At & {kind: 'deltask'; tasks: string})
  | (At & {kind: 'addhandler'; handlers: string})
  | (At & {kind: 'inherit'; classes: string; deferred: boolean})

export interface SyntaxIssue {
  file: string
  line: number
  column: number
  message: string
  /** Warnings are reported and parsing goes on as BitBake's does; errors fail the file. */
  severity: 'error' | 'warning'
}

export interface ParsedFile {
  file: string
  statements: Statement[]
  issues: SyntaxIssue[]
}
