/**
 * Bad input: each mistake is one clear error at file:line (python ones also name the function
 * and the traceback's last frame), never a hang, and never the end of the whole parse — the
 * other recipes are still parsed and counted.
 */
import test from 'ava'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, repoRoot, tck} from '../helpers/cli.js'
import {fixtureTree, requirePython} from './helpers.js'

const env = isolatedEnv({TCK_BITBAKE_TIMEOUT: '5'})
const {root, build} = fixtureTree()
const bad = join(root, 'meta-tiny', 'recipes-core', 'bad')
const recipe = (name: string, text: string) => writeFileSync(join(bad, name), `LICENSE = "MIT"\n${text}`)
let stderr = ''
let parsed: any

test.before(async () => {
  requirePython()
  const linked = await tck(['plugins', 'link', join(repoRoot, 'plugins', 'recipe-bitbake'), '--no-install'], {env})
  if (linked.code !== 0) throw new Error(`cannot link recipe-bitbake: ${linked.stderr}`)
  mkdirSync(bad, {recursive: true})
  recipe('syntax_1.0.bb', 'A = "fine"\nB = unquoted\n')
  recipe('noinclude_1.0.bb', 'require no-such-file.inc\n')
  recipe('inlinepy_1.0.bb', 'X := "${@int(\'not a number\')}"\n')
  recipe('anonpy_1.0.bb', 'python () {\n    values = {}\n    values["missing"]\n}\n')
  recipe('recursive_1.0.bb', 'A = "${B}"\nB = "x ${A}"\nC := "${A}"\n')
  recipe('forever_1.0.bb', 'python () {\n    while True:\n        pass\n}\n')
  const text = await tck(['bitbake', 'parse'], {cwd: build, env})
  stderr = text.stderr
  parsed = JSON.parse((await tck(['bitbake', 'parse', '--json'], {cwd: build, env})).stdout)
})

test('the parse goes on: every good recipe is still parsed and the bad ones are counted as errors', (t) => {
  t.like(parsed, {files: 13, errors: 6, skipped: 2, masked: 1})
  t.is(parsed.targets, 8, 'the good recipes give their 8 targets')
})

test('a syntax error names file:line:column', (t) => {
  t.regex(stderr, new RegExp(`ERROR: ${bad}/syntax_1\\.0\\.bb:3: the value of B is not in quotes: 'B = unquoted' \\(column 5\\)`))
})

test('a missing required file names the requiring file and line', (t) => {
  t.regex(stderr, new RegExp(`ERROR: ${bad}/noinclude_1\\.0\\.bb:2: Could not include required file no-such-file\\.inc`))
})

test('a python exception in ${@...} names the variable, the expression and the exception', (t) => {
  t.regex(stderr, new RegExp(`ERROR: ${bad}/inlinepy_1\\.0\\.bb:2 \\(in <module>, Var <X\\[:=\\]> line 1\\): Failure expanding variable X\\[:=\\], expression was \\$\\{@int\\('not a number'\\)\\} which triggered exception ValueError: invalid literal for int\\(\\)`))
})

test('a python exception in an anonymous function names the recipe, the function and the failing line', (t) => {
  t.regex(stderr, new RegExp(`ERROR: ${bad}/anonpy_1\\.0\\.bb:4 \\(in __anon_5_[^)]*anonpy_1_0_bb\\): anonymous function __anon_5_\\S+ failed: KeyError: 'missing'`))
})

test('a recursive variable reference is an error, not a hang', (t) => {
  t.regex(stderr, new RegExp(`ERROR: ${bad}/recursive_1\\.0\\.bb:4: Failure expanding variable C\\[:=\\]: the variables refer to each other in a cycle: (B -> A -> B|A -> B -> A)`))
})

test('python that never returns is stopped after the timeout and named', (t) => {
  t.regex(stderr, new RegExp(`ERROR: ${bad}/forever_1\\.0\\.bb: python worker did not answer parse within 5 s`))
})

test('the JSON lists each error with its file and line', (t) => {
  const syntax = parsed.errorsAt.find((e: {recipe: string}) => e.recipe.endsWith('syntax_1.0.bb'))
  t.like(syntax, {file: join(bad, 'syntax_1.0.bb'), line: 3})
})

test('a broken configuration is one error at its file and line, exit 3', async (t) => {
  const {build: other} = fixtureTree()
  const {appendFileSync} = await import('node:fs')
  appendFileSync(join(other, 'conf', 'local.conf'), 'MACHINE_EXTRA = ${@oops(}\n')
  const result = await tck(['bitbake', 'parse'], {cwd: other, env})
  t.is(result.code, 3, result.stderr)
  t.regex(result.stderr, new RegExp(`tck: error: ${other}/conf/local\\.conf:5: the value of MACHINE_EXTRA is not in quotes`))
})
