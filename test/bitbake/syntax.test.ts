/**
 * The parser: every statement of BitBake's syntax with its position, and recovery — an
 * unparsable line is reported at file:line:column and the statements after it are still read.
 */
import test from 'ava'
import {parseMetadata, splitAddtask} from '../../plugins/recipe-bitbake/src/syntax/parse.js'

const bb = (text: string) => parseMetadata('/layer/recipes/x/x_1.0.bb', text)
const conf = (text: string) => parseMetadata('/layer/conf/x.conf', text)

test('every assignment operator, flags, export and override names', (t) => {
  const {statements, issues} = bb(['A = "1"', 'B ?= "2"', 'C ??= "3"', 'D := "${A}"', 'E += "e"', 'F =+ "f"', 'G .= "g"', 'H =. "h"', 'export I = "i"', 'J[doc] = "flag"', 'K:append:arm = " k"', "L = 'single \"quoted\"'"].join('\n'))
  t.deepEqual(issues, [])
  t.deepEqual(statements.map((s) => (s.kind === 'assign' ? [s.name, s.flag ?? null, s.op, s.value, s.exported, s.line] : s.kind)), [
    ['A', null, '=', '1', false, 1],
    ['B', null, '?=', '2', false, 2],
    ['C', null, '??=', '3', false, 3],
    ['D', null, ':=', '${A}', false, 4],
    ['E', null, '+=', 'e', false, 5],
    ['F', null, '=+', 'f', false, 6],
    ['G', null, '.=', 'g', false, 7],
    ['H', null, '=.', 'h', false, 8],
    ['I', null, '=', 'i', true, 9],
    ['J', 'doc', '=', 'flag', false, 10],
    ['K:append:arm', null, '=', ' k', false, 11],
    ['L', null, '=', 'single "quoted"', false, 12],
  ])
})

test('a name next to its operator is split lazily, as BitBake reads A+="a" and A+ = "b"', (t) => {
  const {statements, issues} = bb('A+="a"\nA+ = "b"\n+ = "c"\n')
  t.deepEqual(statements.map((s) => s.kind === 'assign' && [s.name, s.op, s.value]), [['A', '+=', 'a'], ['A+', '=', 'b'], ['+', '=', 'c']])
  t.is(issues.filter((i) => i.severity === 'warning').length, 1, 'the missing whitespace of A+="a" is a warning')
  t.regex(bb('+= "d"\n').issues[0].message, /empty variable name/)
})

test('continued lines join; the statement keeps its first line and BitBake numbers it by its last', (t) => {
  const [s] = bb('SRC_URI = "a \\\n    b \\\n    c"\n').statements
  t.like(s, {kind: 'assign', value: 'a     b     c', line: 1, endLine: 3})
})

test('include, require, include_all, unset (also of flags with @), inherit and inherit_defer, addpylib in a .conf', (t) => {
  const {statements, issues} = bb(['include a.inc', 'require b.inc', 'include_all c.conf', 'unset X', 'unset Y[flag@.service]', 'inherit autotools pkgconfig', 'inherit_defer ${@"native"}'].join('\n'))
  t.deepEqual(issues, [])
  t.deepEqual(statements.map((s) => s.kind), ['include', 'include', 'include_all', 'unset', 'unset', 'inherit', 'inherit'])
  t.like(statements[1], {required: true, file: 'b.inc'})
  t.like(statements[4], {name: 'Y', flag: 'flag@.service'})
  t.like(statements[6], {deferred: true})
  t.like(conf('addpylib ${LAYERDIR}/lib oe\n').statements[0], {kind: 'addpylib', dir: '${LAYERDIR}/lib', namespace: 'oe'})
  t.regex(bb('addpylib ${LAYERDIR}/lib oe\n').issues[0].message, /unparsed line/, 'addpylib belongs in configuration files')
})

test('shell, python, fakeroot and anonymous functions, def functions and their line numbers', (t) => {
  const {statements, issues} = bb(['do_install() {', '    install -d ${D}', '}', 'python do_fetch () {', '    bb.note("x")', '}', 'fakeroot python do_package() {', '}', 'python () {', '    d.setVar("X", "1")', '}', 'def helper(d):', '    return "h"', '', 'A = "after"'].join('\n'))
  t.deepEqual(issues, [])
  t.like(statements[0], {kind: 'function', name: 'do_install', python: false, fakeroot: false, body: ['    install -d ${D}', ''], line: 1, endLine: 3})
  t.like(statements[1], {kind: 'function', name: 'do_fetch', python: true})
  t.like(statements[2], {kind: 'function', name: 'do_package', python: true, fakeroot: true})
  t.like(statements[3], {kind: 'function', name: undefined, python: true, line: 9, endLine: 11})
  t.like(statements[4], {kind: 'def', name: 'helper', body: ['def helper(d):', '    return "h"', ''], line: 12, endLine: 15})
  t.like(statements[5], {kind: 'assign', name: 'A', line: 15})
})

test('addtask splits on the words after and before; deltask, addhandler and EXPORT_FUNCTIONS keep the class name', (t) => {
  t.deepEqual(splitAddtask('do_patch after do_foo after do_unpack before do_configure before do_compile'), {tasks: 'do_patch', after: 'do_foo do_unpack', before: 'do_configure do_compile'})
  const {statements} = parseMetadata('/layer/classes/someclass.bbclass', 'addtask do_mytask# comment\ndeltask do_fetch ${MYVAR}\naddhandler my_handler\nEXPORT_FUNCTIONS do_compile do_install\n')
  t.like(statements[0], {kind: 'addtask', tasks: 'do_mytask'})
  t.like(statements[1], {kind: 'deltask', tasks: 'do_fetch ${MYVAR}'})
  t.like(statements[2], {kind: 'addhandler', handlers: 'my_handler'})
  t.like(statements[3], {kind: 'export_functions', functions: 'do_compile do_install', className: 'someclass'})
  t.regex(bb('addtask do_foo_append_x\naddtask do_x:append_y\n').issues[0].message, /override keyword/)
})

test('errors name file:line:column and parsing goes on with the next statement', (t) => {
  const {statements, issues} = bb(['A = "1"', 'B = unquoted', 'C = "3"', 'this is not bitbake', 'D = "4"', 'E = "unbalanced'].join('\n'))
  t.deepEqual(statements.map((s) => s.kind === 'assign' && s.name), ['A', 'C', 'D'])
  t.deepEqual(issues.map((i) => [i.line, i.column, i.severity]), [[2, 5, 'error'], [4, 1, 'error'], [6, 5, 'error']])
  t.regex(issues[0].message, /value of B is not in quotes/)
  t.regex(issues[1].message, /unparsed line/)
  t.regex(issues[2].message, /unbalanced quotes/)
})

test('an unclosed function, a continued statement at the end and comments inside continuations are errors', (t) => {
  t.regex(bb('do_compile () {\n    true\n\t}\n').issues[0].message, /never closed/)
  t.regex(bb('include \\\n').issues[0].message, /ends inside a continued/)
  t.regex(bb('VAR = " \\\n  SOMEVAL \\\n#   comment \\\n  OTHER \\\n"\n').issues[0].message, /comment in the middle/)
  t.regex(conf('# First line \\\n# Second line \\\n\n').issues[0]?.message ?? '', /continued comment/)
  t.deepEqual(conf('# First line \\\n# Second line\nA = "1"\n').issues, [], 'a continued comment that stays a comment is fine')
})

test('.conf files join continuations before dropping comments, and know no recipe statements', (t) => {
  t.deepEqual(conf('A = "1 \\\n  # not a comment here"\n').statements.map((s) => s.kind === 'assign' && s.value), ['1   # not a comment here'])
  t.regex(conf('inherit foo\n').issues[0].message, /unparsed line/)
})
