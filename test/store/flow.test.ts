import test from 'ava'
import {existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {basename, join} from 'node:path'
import {runtime} from '../../core/runtime.js'
import {FsLevel} from '../../plugins/cache-fs/src/level.js'
import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {isolatedEnv, tck, tempDir} from '../helpers/cli.js'
import {projectWith} from '../helpers/project.js'
import {parseEvents, statuses} from '../engine/events.js'

// The config, as a plugin, logs every task that reaches an executor and every replayed output,
// and forces a miss when asked: what the build did is read from these files, not guessed.
const taps = `
  register({pipeline}) {
    pipeline.execute.tap((request, task) => { appendFileSync(new URL('./spawns.log', import.meta.url), task.task.id + '\\n') }, {stage: -100})
    pipeline.cacheChecked.tap((decision) => (process.env.TCK_FORCE_MISS ? {hit: false, reason: 'forced by a tap'} : decision))
    pipeline.outputsMaterialized.tap((task) => {
      if (task.data.replayed?.stdout.length) appendFileSync(new URL('./replayed.log', import.meta.url), task.task.id + ':' + task.data.replayed.stdout)
    })
  },`

const project = (tasks: string) =>
  projectWith({'src.txt': 'source\n', 'version': '1\n', 'tck.config.mjs': `import {appendFileSync} from 'node:fs'\nexport default {\n  tasks: ${tasks},${taps}\n}\n`})

const spawns = (dir: string) => (existsSync(join(dir, 'spawns.log')) ? readFileSync(join(dir, 'spawns.log'), 'utf8').trim().split('\n').sort() : [])

async function build(dir: string, env: NodeJS.ProcessEnv, extra: string[] = []) {
  const before = spawns(dir).length
  const {code, stdout, stderr} = await tck(['build', '--json', ...extra], {cwd: dir, env})
  return {code, stderr, outcomes: statuses(parseEvents(stdout)), spawned: spawns(dir).length - before}
}

const generator = `{
    gen: {
      run: 'mkdir -p out/dir && echo generated > out/a.txt && printf "#!/bin/sh\\\\necho tool\\\\n" > out/tool && chmod 755 out/tool && echo one > out/dir/one && echo from-gen',
      inputs: ['src.txt'],
      outputs: ['out/a.txt', 'out/tool', 'out/dir'],
    },
    use: {run: 'cat out/a.txt src.txt > out/b.txt', deps: ['gen'], inputs: ['src.txt'], outputs: ['out/b.txt']},
  }`

test('a fully cached rebuild restores outputs with their modes, replays output and spawns no process', async (t) => {
  const dir = project(generator)
  const env = isolatedEnv()
  const first = await build(dir, env)
  t.is(first.code, 0, first.stderr)
  t.deepEqual(first.outcomes, {gen: 'built', use: 'built'})
  rmSync(join(dir, 'out'), {recursive: true})

  const second = await build(dir, env)
  t.is(second.code, 0, second.stderr)
  t.deepEqual(second.outcomes, {gen: 'cached', use: 'cached'})
  t.is(second.spawned, 0, 'no task reached an executor')
  t.is(readFileSync(join(dir, 'out/b.txt'), 'utf8'), 'generated\nsource\n')
  t.is(readFileSync(join(dir, 'out/dir/one'), 'utf8'), 'one\n')
  t.is(statSync(join(dir, 'out/tool')).mode & 0o777, 0o755)
  t.is(statSync(join(dir, 'out/a.txt')).mode & 0o777, 0o644)
  t.is(execFileSync(join(dir, 'out/tool')).toString(), 'tool\n')
  t.is(readFileSync(join(dir, 'replayed.log'), 'utf8'), 'gen:from-gen\n')

  const forced = await build(dir, {...env, TCK_FORCE_MISS: '1'})
  t.deepEqual(forced.outcomes, {gen: 'built', use: 'built'}, 'a cacheChecked tap forced a rebuild')

  const stats = JSON.parse((await tck(['cache', 'stats', '--json'], {cwd: dir, env})).stdout)
  // Two hits restored outputs. The forced build found every output in place, as this project
  // recorded it, so it asked no level before the tap turned it into a miss.
  t.like(stats.levels[0], {supported: true, hits: 2, misses: 2})
  t.true(stats.levels[0].entries >= 6)
})

test('outputs left in place are trusted without asking a level; one edited by hand is restored from the store', async (t) => {
  const dir = project(generator)
  const env = isolatedEnv()
  t.is((await build(dir, env)).code, 0)
  const untouched = await build(dir, env)
  t.deepEqual(untouched.outcomes, {gen: 'cached', use: 'cached'})
  const stats = async () => JSON.parse((await tck(['cache', 'stats', '--json'], {cwd: dir, env})).stdout).levels[0]
  t.like(await stats(), {hits: 0, misses: 2}, 'every output was in place: no level was asked')
  writeFileSync(join(dir, 'out/b.txt'), 'edited by hand\n')
  const edited = await build(dir, env)
  t.deepEqual(edited.outcomes, {gen: 'cached', use: 'cached'})
  t.is(edited.spawned, 0)
  t.is(readFileSync(join(dir, 'out/b.txt'), 'utf8'), 'generated\nsource\n')
  t.like(await stats(), {hits: 1, misses: 2}, 'the edited output came from the store, through its entry')
})

test('a blob gone from the store makes the task run again instead of failing', async (t) => {
  const dir = project(generator)
  const env = isolatedEnv()
  t.is((await build(dir, env)).code, 0)
  rmSync(join(env.XDG_CACHE_HOME!, 'tck', 'cas'), {recursive: true})
  rmSync(join(dir, 'out'), {recursive: true})
  const again = await build(dir, env)
  t.is(again.code, 0, again.stderr)
  t.deepEqual(again.outcomes, {gen: 'built', use: 'built'})
  t.is(readFileSync(join(dir, 'out/b.txt'), 'utf8'), 'generated\nsource\n')
})

test('dependents follow their dependencies\' outputs; a non-cacheable task always runs', async (t) => {
  const dir = project(`{
    stamp: {run: 'cp version out/v', cache: false, outputs: ['out/v']},
    pack: {run: 'cp out/v out/p', deps: ['stamp'], outputs: ['out/p']},
  }`)
  const env = isolatedEnv()
  t.deepEqual((await build(dir, env)).outcomes, {stamp: 'built', pack: 'built'})
  const same = await build(dir, env)
  t.deepEqual(same.outcomes, {stamp: 'built', pack: 'cached'}, 'the same output keeps the dependent cached')
  writeFileSync(join(dir, 'version'), '2\n')
  const changed = await build(dir, env)
  t.deepEqual(changed.outcomes, {stamp: 'built', pack: 'built'}, 'a changed output rebuilds the dependent')
  t.is(readFileSync(join(dir, 'out/p'), 'utf8'), '2\n')
})

test('a declared output the task did not produce fails it, naming the output', async (t) => {
  const dir = project(`{lazy: {run: 'echo did nothing', outputs: ['out/promised.txt']}}`)
  const {code, stderr} = await tck(['build'], {cwd: dir, env: isolatedEnv()})
  t.is(code, 1)
  t.regex(stderr, /task "lazy" succeeded but did not produce its declared output out\/promised.txt/)
  t.notRegex(stderr, /\n\s+at /, 'no stack trace')
})

test('with an uncompressed local level, restored outputs are hardlinks to the store, modes kept', async (t) => {
  const cache = join(tempDir('tck-link-cache-'), 'cache')
  const dir = projectWith({
    'tck.config.mjs': `export default {
  cache: {levels: [{provider: 'fs', dir: ${JSON.stringify(cache)}, compression: 'none'}]},
  tasks: {make: {run: 'mkdir -p out && echo data > out/data && echo "#!/bin/sh" > out/run && chmod 700 out/run', outputs: ['out/data', 'out/run']}},
}
`,
  })
  const env = isolatedEnv()
  t.is((await tck(['build'], {cwd: dir, env})).code, 0)
  rmSync(join(dir, 'out'), {recursive: true})
  const again = await build(dir, env)
  t.deepEqual(again.outcomes, {make: 'cached'})
  const blobOf = (path: string) => {
    const digest = createHash('sha256').update(readFileSync(join(dir, path))).digest('hex')
    return statSync(join(cache, 'cas', digest.slice(0, 2), `${digest}.raw`))
  }
  t.is(statSync(join(dir, 'out/data')).ino, blobOf('out/data').ino, 'hardlinked from the store')
  t.is(statSync(join(dir, 'out/data')).mode & 0o777, 0o644)
  t.is(statSync(join(dir, 'out/run')).ino, blobOf('out/run').ino)
  t.is(statSync(join(dir, 'out/run')).mode & 0o777, 0o700)
})

test('a cache entry naming an output outside the project is a miss with a warning, and nothing is written outside', async (t) => {
  const dir = project(generator)
  const env = isolatedEnv()
  t.is((await build(dir, env)).code, 0)
  // Rewrite every stored result (checksums kept valid) so its outputs point above the project.
  const level = new FsLevel(runtime, {dir: join(env.XDG_CACHE_HOME!, 'tck'), readOnly: false, compression: 'zstd', level: 3})
  for (const shard of readdirSync(join(level.layout.dir, 'ac'))) {
    for (const key of readdirSync(join(level.layout.dir, 'ac', shard))) {
      const result = (await level.getAction(key))!
      await level.putAction(key, {...result, outputs: result.outputs.map((output) => ({...output, path: `../escaped-${basename(output.path)}`}))})
    }
  }
  rmSync(join(dir, 'out'), {recursive: true}) // so the outputs must come from the store
  const again = await build(dir, env)
  t.is(again.code, 0, again.stderr)
  t.deepEqual(again.outcomes, {gen: 'built', use: 'built'})
  // Refused by the schema when read: a miss naming the key, removed from the local level.
  t.regex(again.stderr, /the entry for key [0-9a-f]{64} is not a valid action result \(outputs\.0\.path: an output path is relative and stays inside the project\); a miss, removed/)
  t.deepEqual(readdirSync(join(dir, '..')).filter((name) => name.startsWith('escaped-')), [])
})

test('a glob in outputs stores and restores whatever it matched', async (t) => {
  const dir = project(`{many: {run: 'mkdir -p out && for n in 1 2 3; do echo $n > out/part-$n.txt; done && echo skip > out/other.log', outputs: ['out/*.txt']}}`)
  const env = isolatedEnv()
  t.is((await build(dir, env)).code, 0)
  rmSync(join(dir, 'out'), {recursive: true})
  const again = await build(dir, env)
  t.deepEqual(again.outcomes, {many: 'cached'})
  t.deepEqual(readdirSync(join(dir, 'out')).sort(), ['part-1.txt', 'part-2.txt', 'part-3.txt'])
  t.is(readFileSync(join(dir, 'out/part-3.txt'), 'utf8'), '3\n')
})
