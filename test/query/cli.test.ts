import test from 'ava'
import {join} from 'node:path'
import {isolatedEnv, repoRoot, tck} from '../helpers/cli.js'

const cwd = join(repoRoot, 'fixtures', 'query-project')

test('tck query prints ids, --json structured tasks and edges, --output dot a digraph', async (t) => {
  const env = isolatedEnv()
  const [text, json, dot] = await Promise.all([
    tck(['query', 'rdeps(*, zlib:compile) - kind(test, *)'], {cwd, env}),
    tck(['query', 'deps(image, 1)', '--json'], {cwd, env}),
    tck(['query', 'allpaths(image, zlib:fetch)', '--output', 'dot'], {cwd, env}),
  ])
  t.is(text.code, 0, text.stderr)
  t.is(text.stdout, 'zlib:compile\napp:compile\napp:link\nimage\n')
  t.is(json.code, 0, json.stderr)
  const result = JSON.parse(json.stdout)
  t.deepEqual(result.tasks.map((task: {id: string}) => task.id), ['app:link', 'docs:build', 'image'])
  t.like(result.tasks[2], {kind: 'package', attrs: {layer: 'core'}})
  t.deepEqual(result.edges, [['image', 'app:link'], ['image', 'docs:build']])
  t.is(dot.code, 0, dot.stderr)
  t.regex(dot.stdout, /^digraph tck \{[\s\S]*"app:compile" -> "zlib:compile";[\s\S]*\}\n$/)
})

test('a malformed query exits 2 pointing at the column, in text and in --json', async (t) => {
  const env = isolatedEnv()
  const text = await tck(['query', 'deps(app:link,'], {cwd, env})
  t.is(text.code, 2)
  t.regex(text.stderr, /query, column 15: expected a depth in deps\(, found the end\n {2}deps\(app:link,\n {16}\^/)
  t.notRegex(text.stderr, /\n\s+at /)
  const json = await tck(['query', 'kind(x, nope)', '--json'], {cwd, env})
  t.is(json.code, 2)
  t.like(JSON.parse(json.stdout).error, {code: 'USAGE'})
  t.regex(JSON.parse(json.stdout).error.message, /column 9: no task "nope"/)
})

test('tck query --help explains the language', async (t) => {
  const help = await tck(['query', '--help'], {cwd})
  t.is(help.code, 0)
  for (const word of ['deps(x[, depth])', 'rdeps(u, x[, depth])', 'allpaths', 'somepath', 'kind(re, x)', 'attr(name, re, x)', '--output']) {
    t.true(help.stdout.includes(word), word)
  }
})
