/** The book format: package files (YAML header + script), book.yaml and .book files, and their errors by file and line. */
import test from 'ava'
import {loadBook, parsePackages} from '../../plugins/recipe-book/src/book/parse.js'
import {compareVersions, parseDependency, satisfies} from '../../plugins/recipe-book/src/book/versions.js'
import {fixtures} from './helpers.js'

test('the tiny fixture book: every package, in book order, with its passes, sources and dependencies', async (t) => {
  const book = await loadBook(fixtures, 'tiny/book.yaml')
  t.is(book.name, 'tiny')
  t.deepEqual(book.mirrors, [{kind: 'dir', path: './sources'}])
  t.deepEqual(
    book.packages.map((pkg) => `${pkg.name}@${pkg.pass}`),
    ['base-files@1', 'libgreet@1', 'greet@1', 'greet-doc@1', 'libcount@1', 'count@1', 'colors@1', 'tinysh@1', 'tinysh@2', 'libline@1', 'world@1'],
  )
  const count = book.packages.find((pkg) => pkg.name === 'count')!
  t.deepEqual(count.depends.map((dep) => [dep.kind, dep.name, dep.constraints.map((c) => `${c.op}${c.version}`).join(' ')]), [
    ['required', 'libcount', '>=0.2 <1'],
    ['required', 'libgreet', ''],
    ['optional', 'colors', ''],
  ])
  t.is(count.version, '2.1', 'a version is a string, even when YAML would read a number')
  t.is(book.packages.find((pkg) => pkg.name === 'libline')!.depends[0].pass, 1)
  t.regex(book.packages.find((pkg) => pkg.name === 'greet')!.script, /^cc \$CFLAGS greet-main.c/)
  t.deepEqual(count.location, {file: 'tiny/packages/06-count.pkg', line: 1})
})

test('a .book file is one file: the book header first, then the packages', async (t) => {
  const text = ['---', 'book: one', 'mirrors: [upstream, debian]', '---', '---', 'name: a', 'version: 1', '---', 'echo a', '---', 'name: b', "version: '2.0'", 'depends: {required: [a]}', '---', 'echo b', ''].join('\n')
  const book = await loadBook('/nowhere', 'one.book', text)
  t.is(book.name, 'one')
  t.deepEqual(book.mirrors, [{kind: 'upstream'}, {kind: 'debian'}])
  t.deepEqual(book.packages.map((pkg) => [pkg.name, pkg.version, pkg.script, pkg.location.line]), [
    ['a', '1', 'echo a', 5],
    ['b', '2.0', 'echo b', 10],
  ])
})

test('mistakes name the file and line: an unknown key, a bad dependency, an unclosed header, a bad checksum', (t) => {
  const unknown = t.throws(() => parsePackages('---\nname: a\nversion: 1\nsourcse: []\n---\n', 'p.pkg'))
  t.is(unknown?.message, 'p.pkg:4: sourcse: unknown key "sourcse"')
  const dependency = t.throws(() => parsePackages('---\nname: a\nversion: 1\ndepends:\n  required: ["b >> 2"]\n---\n', 'p.pkg'))
  t.regex(dependency!.message, /^p\.pkg:5: a: depends\.required: "b >> 2" is not "name\[:pass\] \[op version, \.\.\.\]"/)
  const open = t.throws(() => parsePackages('---\nname: a\nversion: 1\n', 'p.pkg'))
  t.is(open?.message, 'p.pkg:1: this header has no closing --- line')
  const sum = t.throws(() => parsePackages('---\nname: a\nversion: 1\nsources:\n  - url: https://x/a.tar.gz\n    sha256: abc\n---\n', 'p.pkg'))
  t.is(sum?.message, 'p.pkg:6: sources.0.sha256: 64 hex digits')
  const start = t.throws(() => parsePackages('echo first\n---\nname: a\n---\n', 'p.pkg'))
  t.is(start?.message, 'p.pkg:1: a book file starts with a header between two --- lines')
})

test('versions compare as dpkg does, and constraints hold', (t) => {
  const ascending = ['1.0~rc1', '1.0', '1.0a', '1.0.1', '1.2', '1.10', '2.5.1', '2.5.1a', '9.5p1', '20240117']
  for (let index = 1; index < ascending.length; index++) t.true(compareVersions(ascending[index - 1], ascending[index]) < 0, `${ascending[index - 1]} < ${ascending[index]}`)
  t.is(compareVersions('1.02', '1.2'), 0)
  const dependency = parseDependency('glibc >= 2.36, < 3', 'required')!
  t.true(dependency.constraints.every((constraint) => satisfies('2.41', constraint)))
  t.false(dependency.constraints.every((constraint) => satisfies('3.0', constraint)))
  t.deepEqual(parseDependency('gcc:1', 'required'), {name: 'gcc', pass: 1, constraints: [], kind: 'required', text: 'gcc:1'})
  t.is(parseDependency('no way', 'required'), undefined)
})
