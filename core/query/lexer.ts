/** Tokens of a query expression, each with the column (1-based) it starts at, for errors that point. */
import {TckError} from '../errors.js'

export type Token =
  | {type: 'word'; value: string; quoted: boolean; column: number}
  | {type: '(' | ')' | ',' | '+' | '^' | '-'; column: number}
  | {type: 'end'; column: number}

/**
 * Task ids are made of these. `-` and `+` only inside a word, so `a - b` is a difference and
 * `gcc-12` a name; recipe names such as `libstdc++` and `gtk+3` need no quotes.
 */
const wordStart = /[A-Za-z0-9_.:/@%*?$=~]/
const wordPart = /[A-Za-z0-9_.:/@%*?$=~+-]/

/** A TckError whose message shows the expression with a caret under `column`. */
export function queryError(expression: string, column: number, message: string, hint?: string): TckError {
  const caret = `${' '.repeat(Math.max(0, column - 1))}^`
  return new TckError('USAGE', `query, column ${column}: ${message}\n  ${expression}\n  ${caret}`, {
    hint: hint ?? 'A query is a task id, a glob (app:*), *, a function — deps, rdeps, allpaths, somepath, kind, attr — and + ^ - between them. See tck query --help.',
  })
}

export function tokenize(expression: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < expression.length) {
    const char = expression[i]
    const column = i + 1
    if (/\s/.test(char)) {
      i++
    } else if ('(),+^-'.includes(char)) {
      tokens.push({type: char as '(' | ')' | ',' | '+' | '^' | '-', column})
      i++
    } else if (char === '"' || char === "'") {
      const end = expression.indexOf(char, i + 1)
      if (end < 0) throw queryError(expression, column, `unterminated ${char} string`, `Close the string with ${char}.`)
      tokens.push({type: 'word', value: expression.slice(i + 1, end), quoted: true, column})
      i = end + 1
    } else if (wordStart.test(char)) {
      let end = i + 1
      while (end < expression.length && wordPart.test(expression[end])) end++
      tokens.push({type: 'word', value: expression.slice(i, end), quoted: false, column})
      i = end
    } else {
      throw queryError(expression, column, `unexpected character ${JSON.stringify(char)}`)
    }
  }
  tokens.push({type: 'end', column: expression.length + 1})
  return tokens
}
