import test from 'ava'
import {parseQuery} from '../../core/query/parser.js'
import {TckError} from '../../core/errors.js'

test('set operators share one precedence and group to the left; parentheses group explicitly', (t) => {
  const flat = parseQuery('a + b - c')
  t.like(flat, {type: 'set', op: 'except', left: {type: 'set', op: 'union'}, right: {type: 'word', value: 'c'}})
  const grouped = parseQuery('a union (b except c)')
  t.like(grouped, {type: 'set', op: 'union', left: {value: 'a'}, right: {type: 'set', op: 'except'}})
  t.like(parseQuery('a ^ b intersect c'), {op: 'intersect', left: {op: 'intersect'}})
})

test('functions take sets, literal patterns and optional depths', (t) => {
  t.like(parseQuery('deps(app:link)'), {type: 'deps', of: {value: 'app:link'}, depth: undefined})
  t.like(parseQuery('deps(app:link, 2)'), {type: 'deps', depth: 2})
  t.like(parseQuery('rdeps(*, zlib:fetch, 1)'), {type: 'rdeps', universe: {value: '*'}, of: {value: 'zlib:fetch'}, depth: 1})
  t.like(parseQuery("kind('^compile$', app:*)"), {type: 'kind', pattern: '^compile$', patternColumn: 6, of: {value: 'app:*'}})
  t.like(parseQuery('attr(layer, core, *)'), {type: 'attr', name: 'layer', pattern: 'core', of: {value: '*'}})
  t.like(parseQuery('somepath(a, b)'), {type: 'somepath', from: {value: 'a'}, to: {value: 'b'}})
})

test('a dash or plus inside a word is part of the name; spaced, it is an operator', (t) => {
  t.like(parseQuery('gcc-12:build'), {type: 'word', value: 'gcc-12:build'})
  t.like(parseQuery('a -b'), {type: 'set', op: 'except', right: {value: 'b'}})
  t.like(parseQuery("'union'"), {type: 'word', value: 'union', quoted: true})
  t.like(parseQuery('libstdc++ + gtk+3'), {type: 'set', op: 'union', left: {value: 'libstdc++'}, right: {value: 'gtk+3'}})
})

const errorOf = (t: {throws: Function}, expression: string) => (t.throws as any)(() => parseQuery(expression), {instanceOf: TckError}) as TckError

test('errors name the column and draw a caret under it', (t) => {
  const cases: Array<[string, number, RegExp]> = [
    ['deps(app:link', 14, /expected "," or "\)", found the end/],
    ['deps(a,, 2)', 8, /expected a depth/],
    ['dep(x)', 1, /unknown function "dep"/],
    ['a + ', 5, /expected a task, a function or "\(", found the end/],
    ['a b', 3, /expected an operator or the end, found "b"/],
    ['deps(a, x)', 9, /must be a whole number/],
    ["kind('x, *)", 6, /unterminated ' string/],
    ['a & b', 3, /unexpected character "&"/],
    ['union', 1, /is an operator, not a task/],
    ['attr(layer, *)', 14, /expected "," and argument 3 of attr/],
  ]
  for (const [expression, column, message] of cases) {
    const error = errorOf(t, expression)
    t.is(error.code, 'USAGE')
    t.true(error.message.startsWith(`query, column ${column}: `), `${expression}: ${error.message}`)
    t.regex(error.message, message)
    t.true(error.message.endsWith(`\n  ${expression}\n  ${' '.repeat(column - 1)}^`), error.message)
  }
})
