import test from 'ava'
import {join} from 'node:path'
import {loadConfig} from '../../core/config/load.js'
import {Driver} from '../../core/driver.js'
import {Build} from '../../core/engine/build.js'
import {TckError} from '../../core/errors.js'
import type {Graph} from '../../core/pipeline.js'
import {evaluateQuery, ordered} from '../../core/query/evaluate.js'
import {formatDot, queryResult} from '../../core/query/format.js'
import {parseQuery} from '../../core/query/parser.js'
import {createRegistries} from '../../core/registries.js'
import {repoRoot} from '../helpers/cli.js'

const root = join(repoRoot, 'fixtures', 'query-project')
let graph: Graph

test.before(async () => {
  const {config, file} = await loadConfig(root)
  graph = await new Build({root, config, configFile: file, driver: new Driver(), registries: createRegistries(), identities: new Map()}).plan([])
})

const query = (expression: string) => ordered(graph, evaluateQuery(graph, expression, parseQuery(expression)))

test('* and globs select by id, in execution order', (t) => {
  t.is(query('*').length, 8)
  t.deepEqual(query('app:*'), ['app:fetch', 'app:compile', 'app:link', 'app:test'])
  t.deepEqual(query('zlib:fetch'), ['zlib:fetch'])
})

test('deps follows dependencies, to a depth when given', (t) => {
  t.deepEqual(query('deps(app:link)'), ['zlib:fetch', 'zlib:compile', 'app:fetch', 'app:compile', 'app:link'])
  t.deepEqual(query('deps(app:link, 1)'), ['zlib:compile', 'app:compile', 'app:link'])
  t.deepEqual(query('deps(app:link, 0)'), ['app:link'])
})

test('rdeps finds dependants within the universe and its dependencies', (t) => {
  t.deepEqual(query('rdeps(*, zlib:compile)'), ['zlib:compile', 'app:compile', 'app:link', 'app:test', 'image'])
  t.deepEqual(query('rdeps(*, zlib:compile, 1)'), ['zlib:compile', 'app:compile', 'app:link'])
  t.deepEqual(query('rdeps(app:compile, zlib:fetch)'), ['zlib:fetch', 'zlib:compile', 'app:compile'])
  t.deepEqual(query('rdeps(docs:build, zlib:fetch)'), [])
})

test('allpaths takes every task on a path; somepath one shortest path; none when unconnected', (t) => {
  t.deepEqual(query('allpaths(image, zlib:fetch)'), ['zlib:fetch', 'zlib:compile', 'app:compile', 'app:link', 'image'])
  t.deepEqual(query('somepath(image, zlib:fetch)'), ['zlib:fetch', 'zlib:compile', 'app:link', 'image'])
  t.deepEqual(query('somepath(docs:build, zlib:fetch)'), [])
  t.deepEqual(query('allpaths(zlib:fetch, image)'), [], 'paths run from a task down to its dependencies')
})

test('kind and attr filter by regular expression; set operators combine', (t) => {
  t.deepEqual(query('kind(compile, *)'), ['zlib:compile', 'app:compile'])
  t.deepEqual(query("kind('^(fetch|docs)$', *)"), ['zlib:fetch', 'app:fetch', 'docs:build'])
  t.deepEqual(query('attr(license, MIT, *)'), ['app:fetch', 'app:compile', 'app:link'])
  t.deepEqual(query('attr(cacheable, false, *)'), ['app:test'])
  t.deepEqual(query('attr(layer, core, *) - kind(fetch, *)'), ['zlib:compile', 'image'])
  t.deepEqual(query('app:* ^ deps(image)'), ['app:fetch', 'app:compile', 'app:link'])
  t.deepEqual(query('kind(test, *) union docs:build'), ['docs:build', 'app:test'])
  t.deepEqual(query('* except (app:* + zlib:*)'), ['docs:build', 'image'])
})

test('an unknown task or a bad pattern is an error at its column, with a suggestion', (t) => {
  const unknown = t.throws(() => query('deps(app:lnk)'), {instanceOf: TckError})!
  t.regex(unknown.message, /^query, column 6: no task "app:lnk"/)
  t.regex((unknown as TckError).hint!, /Did you mean app:link/)
  const glued = t.throws(() => query('image+docs:build'), {instanceOf: TckError}) as TckError
  t.regex(glued.hint!, /Put spaces around \+ and -/)
  const pattern = t.throws(() => query("kind('(', *)"), {instanceOf: TckError})!
  t.regex(pattern.message, /^query, column 6: invalid regular expression/)
})

test('dot output draws the selected tasks and the edges between them', (t) => {
  const ids = query('somepath(image, zlib:fetch)')
  const dot = formatDot(queryResult(graph, 'somepath(image, zlib:fetch)', ids))
  t.regex(dot, /^digraph tck \{/)
  t.regex(dot, /"image" -> "app:link";/)
  t.regex(dot, /"app:link" -> "zlib:compile";/)
  t.notRegex(dot, /"image" -> "docs:build"/)
  t.is(dot.match(/->/g)?.length, 3)
})
