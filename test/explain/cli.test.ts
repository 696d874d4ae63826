import test from 'ava'
import {appendFileSync, cpSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, repoRoot, tck, tempDir} from '../helpers/cli.js'

/** A private copy of the query fixture, built once. */
async function builtProject(env: NodeJS.ProcessEnv) {
  const dir = join(tempDir('tck-explain-'), 'project')
  cpSync(join(repoRoot, 'fixtures', 'query-project'), dir, {recursive: true})
  const build = await tck(['build', '--progress', 'none'], {cwd: dir, env})
  if (build.code !== 0) throw new Error(`build failed: ${build.stderr}`)
  return dir
}

test('explain names the input file that changed, through the dependency chain', async (t) => {
  const env = isolatedEnv()
  const dir = await builtProject(env)
  appendFileSync(join(dir, 'src', 'zlib.c'), '/* a change */\n')

  const text = await tck(['explain', 'app:link'], {cwd: dir, env})
  t.is(text.code, 0, text.stderr)
  t.regex(text.stdout, /app:link: would run again/)
  t.regex(text.stdout, /file src\/zlib\.c: content changed/)

  const json = await tck(['explain', 'zlib:fetch', '--json'], {cwd: dir, env})
  t.is(json.code, 0, json.stderr)
  const explanation = JSON.parse(json.stdout)
  t.is(explanation.verdict, 'changed')
  t.is(explanation.compared, 'now')
  t.deepEqual(explanation.changes.map((change: {kind: string; name: string}) => `${change.kind} ${change.name}`), ['input src/zlib.c'])

  const untouched = await tck(['explain', 'docs:build', '--compare', 'now'], {cwd: dir, env})
  t.regex(untouched.stdout, /docs:build: unchanged since its run/)

  // Without a task: every task the next build would run, each dependency chain followed once.
  const project = await tck(['explain', '--json'], {cwd: dir, env})
  t.is(project.code, 0, project.stderr)
  const {explanations, unchanged} = JSON.parse(project.stdout)
  t.deepEqual(explanations.map((e: {task: string}) => e.task), ['zlib:fetch', 'zlib:compile', 'app:compile', 'app:link', 'app:test', 'image'])
  t.is(unchanged, 2)
  t.like(explanations[1].changes[0], {kind: 'dep', name: 'zlib:fetch', explainedAbove: true})
})

test('explain names a passed environment variable and an edited command', async (t) => {
  const dir = await builtProject(isolatedEnv({APP_FLAVOUR: 'lite'}))
  const config = join(dir, 'tck.config.yaml')
  writeFileSync(config, readFileSync(config, 'utf8').replace('out/zlib/zlib.o | wc -c', 'out/zlib/zlib.o | wc -l'))
  const env = isolatedEnv({APP_FLAVOUR: 'full'})
  const result = await tck(['explain', 'app:compile', '--json'], {cwd: dir, env})
  t.is(result.code, 0, result.stderr)
  const changes = JSON.parse(result.stdout).changes
  t.like(changes.find((change: {kind: string}) => change.kind === 'env'), {name: 'APP_FLAVOUR', change: 'changed', before: 'lite', after: 'full'})
  t.truthy(changes.find((change: {kind: string}) => change.kind === 'command'))
  const text = await tck(['explain', 'app:compile'], {cwd: dir, env})
  t.regex(text.stdout, /environment variable APP_FLAVOUR: "lite" -> "full"/)
  t.regex(text.stdout, /the command changed: .*wc -\[-c-\]\{\+l\+\}/)
})

test('build --explain says why each task ran; explain --compare last compares the last two runs', async (t) => {
  const env = isolatedEnv()
  const dir = await builtProject(env)
  writeFileSync(join(dir, 'docs.md'), '# app\nA new manual.\n')
  const build = await tck(['build', '--explain', '--progress', 'none'], {cwd: dir, env})
  t.is(build.code, 0, build.stderr)
  t.regex(build.stdout, /docs:build: ran: 1 key part changed since its run at .*\n {2}file docs\.md: content changed/)

  const last = await tck(['explain', 'docs:build', '--compare', 'last', '--json'], {cwd: dir, env})
  const explanation = JSON.parse(last.stdout)
  t.is(explanation.compared, 'last')
  t.is(explanation.changes[0].name, 'docs.md')

  const json = await tck(['build', '--explain', '--json'], {cwd: dir, env})
  const event = json.stdout.trim().split('\n').map((line) => JSON.parse(line)).find((line) => line.type === 'explain')
  t.truthy(event, json.stdout)
  t.true(Array.isArray(event.explanations))
})

test('explain of an unknown task is a usage error naming the task', async (t) => {
  const dir = join(tempDir('tck-explain-'), 'project')
  cpSync(join(repoRoot, 'fixtures', 'query-project'), dir, {recursive: true})
  const result = await tck(['explain', 'no:such'], {cwd: dir, env: isolatedEnv()})
  t.is(result.code, 2)
  t.regex(result.stderr, /no task "no:such"/)
  t.notRegex(result.stderr, /\n\s+at /)
  const never = await tck(['explain', 'image'], {cwd: dir, env: isolatedEnv()})
  t.regex(never.stdout, /image: has no recorded run/)
})

test('a damaged manifest file is an error for explain and is replaced by the next build', async (t) => {
  const env = isolatedEnv()
  const dir = await builtProject(env)
  const file = join(dir, '.tck', 'explain', 'current.json')
  writeFileSync(file, '{"format": 1, "tasks": {')
  const explain = await tck(['explain', 'image'], {cwd: dir, env})
  t.is(explain.code, 5)
  t.regex(explain.stderr, /current\.json: not valid JSON/)
  t.regex(explain.stderr, /Delete the file/)

  const build = await tck(['build', '--progress', 'none'], {cwd: dir, env})
  t.is(build.code, 0, build.stderr)
  t.regex(build.stderr, /current\.json: not valid JSON .*this build's key manifests replace it/)
  t.is(JSON.parse(readFileSync(file, 'utf8')).tasks.image.task, 'image')
})

test('explain says which input is missing when the key cannot be computed now', async (t) => {
  const env = isolatedEnv()
  const dir = await builtProject(env)
  rmSync(join(dir, 'docs.md'))
  const result = await tck(['explain', 'docs:build'], {cwd: dir, env})
  t.is(result.code, 1)
  t.regex(result.stderr, /cannot compute the key of "docs:build" now: .*input docs\.md does not exist/)
  t.regex(result.stderr, /--compare last/)
})

test('explain warns that a non-cacheable dependency with outputs may still change the key', async (t) => {
  const dir = tempDir('tck-explain-volatile-')
  writeFileSync(join(dir, 'tck.config.yaml'), [
    'tasks:',
    '  stamp: {run: "mkdir -p out && od -An -N4 -tu4 /dev/urandom > out/stamp", cache: false, outputs: [out/stamp]}',
    '  use: {run: "cat out/stamp > out/use", deps: [stamp], outputs: [out/use]}',
    '',
  ].join('\n'))
  const env = isolatedEnv()
  const build = await tck(['build', '--progress', 'none'], {cwd: dir, env})
  t.is(build.code, 0, build.stderr)
  const result = await tck(['explain', 'use', '--compare', 'now'], {cwd: dir, env})
  t.is(result.code, 0, result.stderr)
  t.regex(result.stdout, /use: unchanged since its run at .*: the next build takes it from the cache, unless stamp \(not cacheable, run every time\) leaves different outputs/)

  // And when it does, the next build says so: same dependency key, new outputs.
  const again = await tck(['build', '--explain', '--progress', 'none'], {cwd: dir, env})
  t.is(again.code, 0, again.stderr)
  t.regex(again.stdout, /use: ran: 1 key part changed since its run at .*\n {2}dependency stamp: its outputs changed \([0-9a-f]{12} -> [0-9a-f]{12}\)/)
})
