/**
 * A hand-written recursive-descent parser for `tck query`. Set operators share one precedence and
 * group to the left, as in Bazel's query language; parentheses group explicitly.
 *
 *   expr  := term (op term)*          op := + | union | ^ | intersect | - | except
 *   term  := ( expr ) | function ( args ) | word | 'quoted word'
 */
import {queryError, tokenize, type Token} from './lexer.js'

export type SetOperator = 'union' | 'intersect' | 'except'

export type QueryExpr =
  /** A task id, or a glob over task ids (`*` is every task). */
  | {type: 'word'; value: string; quoted: boolean; column: number}
  | {type: 'set'; op: SetOperator; left: QueryExpr; right: QueryExpr; column: number}
  | {type: 'deps'; of: QueryExpr; depth?: number; column: number}
  | {type: 'rdeps'; universe: QueryExpr; of: QueryExpr; depth?: number; column: number}
  | {type: 'allpaths' | 'somepath'; from: QueryExpr; to: QueryExpr; column: number}
  | {type: 'kind'; pattern: string; patternColumn: number; of: QueryExpr; column: number}
  | {type: 'attr'; name: string; pattern: string; patternColumn: number; of: QueryExpr; column: number}

const operators: Record<string, SetOperator> = {'+': 'union', union: 'union', '^': 'intersect', intersect: 'intersect', '-': 'except', except: 'except'}

/** Argument shapes: a set expression, a literal (pattern, attribute name), or a depth. */
const signatures: Record<string, {args: Array<'expr' | 'literal' | 'depth'>; optional: number}> = {
  deps: {args: ['expr', 'depth'], optional: 1},
  rdeps: {args: ['expr', 'expr', 'depth'], optional: 1},
  allpaths: {args: ['expr', 'expr'], optional: 0},
  somepath: {args: ['expr', 'expr'], optional: 0},
  kind: {args: ['literal', 'expr'], optional: 0},
  attr: {args: ['literal', 'literal', 'expr'], optional: 0},
}

type Arg = {kind: 'expr'; expr: QueryExpr} | {kind: 'literal'; value: string; column: number} | {kind: 'depth'; value: number}

export function parseQuery(expression: string): QueryExpr {
  const tokens = tokenize(expression)
  let position = 0
  const peek = () => tokens[position]
  const fail = (token: Token, message: string, hint?: string) => queryError(expression, token.column, message, hint)
  const describe = (token: Token) => (token.type === 'word' ? `"${token.value}"` : token.type === 'end' ? 'the end' : `"${token.type}"`)
  const expect = (type: Token['type'], what: string) => {
    const token = peek()
    if (token.type !== type) throw fail(token, `expected ${what}, found ${describe(token)}`)
    position++
    return token
  }

  const operatorOf = (token: Token): SetOperator | undefined =>
    token.type === 'word' ? (token.quoted ? undefined : operators[token.value]) : operators[token.type]

  function expr(): QueryExpr {
    let left = term()
    for (let op = operatorOf(peek()); op; op = operatorOf(peek())) {
      const column = peek().column
      position++
      left = {type: 'set', op, left, right: term(), column}
    }
    return left
  }

  function term(): QueryExpr {
    const token = peek()
    if (token.type === '(') {
      position++
      const inner = expr()
      expect(')', '")"')
      return inner
    }
    if (token.type !== 'word') throw fail(token, `expected a task, a function or "(", found ${describe(token)}`)
    position++
    if (!token.quoted && tokens[position].type === '(') return call(token.value, token.column)
    if (!token.quoted && operators[token.value]) throw fail(token, `"${token.value}" is an operator, not a task`, 'Quote a task that is named like an operator: \'union\'.')
    return {type: 'word', value: token.value, quoted: token.quoted, column: token.column}
  }

  function call(name: string, column: number): QueryExpr {
    const signature = signatures[name]
    if (!signature) throw queryError(expression, column, `unknown function "${name}"`, `Functions: ${Object.keys(signatures).join(', ')}.`)
    expect('(', '"("')
    const args: Arg[] = []
    const required = signature.args.length - signature.optional
    for (const [index, shape] of signature.args.entries()) {
      if (index > 0) {
        if (peek().type === ')' && index >= required) break
        expect(',', index >= required ? '"," or ")"' : `"," and argument ${index + 1} of ${name}`)
      }
      args.push(argument(shape, name))
    }
    expect(')', `")" closing ${name}(`)
    return build(name, args, column)
  }

  function argument(shape: 'expr' | 'literal' | 'depth', name: string): Arg {
    if (shape === 'expr') return {kind: 'expr', expr: expr()}
    const token = peek()
    if (token.type !== 'word') throw fail(token, `expected ${shape === 'depth' ? 'a depth' : 'a pattern'} in ${name}(, found ${describe(token)}`)
    position++
    if (shape === 'literal') return {kind: 'literal', value: token.value, column: token.column}
    if (!/^\d+$/.test(token.value)) throw fail(token, `the depth of ${name} must be a whole number, not "${token.value}"`)
    return {kind: 'depth', value: Number(token.value)}
  }

  const result = expr()
  if (peek().type !== 'end') throw fail(peek(), `expected an operator or the end, found ${describe(peek())}`)
  return result
}

function build(name: string, args: Arg[], column: number): QueryExpr {
  const e = (i: number) => (args[i] as {expr: QueryExpr}).expr
  const lit = (i: number) => args[i] as {value: string; column: number}
  const depth = (i: number) => (args[i] as {value: number} | undefined)?.value
  switch (name) {
    case 'deps':
      return {type: 'deps', of: e(0), depth: depth(1), column}
    case 'rdeps':
      return {type: 'rdeps', universe: e(0), of: e(1), depth: depth(2), column}
    case 'allpaths':
    case 'somepath':
      return {type: name, from: e(0), to: e(1), column}
    case 'kind':
      return {type: 'kind', pattern: lit(0).value, patternColumn: lit(0).column, of: e(1), column}
    default:
      return {type: 'attr', name: lit(0).value, pattern: lit(1).value, patternColumn: lit(1).column, of: e(2), column}
  }
}
