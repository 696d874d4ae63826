import test from 'ava'
import {existsSync, lstatSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync} from 'node:fs'
import {join} from 'node:path'
import {build, cacheFiles, cleanup, env, project, snapshot, startBuild, until, victim} from './helpers.js'

// Declared outputs are resolved component by component without following links: nothing a task
// declares, and nothing a cache entry names, reaches a file outside the project's output paths.

test.after.always(cleanup)

const cacheHolds = (environment: NodeJS.ProcessEnv, text: string) => cacheFiles(environment).some((file) => readFileSync(file).includes(text))

test('an output that is a symlink to a file outside the project is refused, never stored by content', async (t) => {
  const outside = victim({secret: 'TOP-SECRET-4711\n'})
  const secret = join(outside, 'secret')
  const before = snapshot(outside)
  const dir = project({
    file: {run: `mkdir -p out && ln -sf ${secret} out/leak`, outputs: ['out/leak']},
    tree: {run: `mkdir -p tree && ln -sf ${secret} tree/leak && ln -sf /etc/shadow tree/shadow`, outputs: ['tree']},
  })
  const environment = env()
  const built = await build(dir, environment, '-k')
  t.is(built.statuses.file, 'failed')
  t.is(built.statuses.tree, 'failed')
  t.regex(built.stdout, /out\/leak.*symlink.*outside the project/)
  t.false(cacheHolds(environment, 'TOP-SECRET-4711'), 'the secret reached the cache')
  t.false(cacheHolds(environment, 'root:'), '/etc/shadow reached the cache')
  t.deepEqual(snapshot(outside), before)
})

test('an output symlink that stays inside the project is stored and restored as the same link', async (t) => {
  const dir = project({
    links: {run: 'mkdir -p out/sub && echo hi > out/real && ln -sf real out/alias && ln -sf ../real out/sub/up', outputs: ['out/real', 'out/alias', 'out/sub']},
  })
  const environment = env()
  t.is((await build(dir, environment)).code, 0)
  rmSync(join(dir, 'out'), {recursive: true})
  const again = await build(dir, environment)
  t.is(again.statuses.links, 'cached', again.stderr)
  t.true(lstatSync(join(dir, 'out/alias')).isSymbolicLink())
  t.is(readlinkSync(join(dir, 'out/alias')), 'real')
  t.is(readlinkSync(join(dir, 'out/sub/up')), '../real')
  t.is(readFileSync(join(dir, 'out/sub/up'), 'utf8'), 'hi\n')
})

test('an output path through a symlinked directory neither deletes nor creates anything outside', async (t) => {
  const outside = victim({x: 'keep me\n'})
  const before = snapshot(outside)
  const dir = project({through: {run: 'true', outputs: ['link/x', 'link/sub/y']}})
  symlinkSync(outside, join(dir, 'link'))
  const built = await build(dir, env())
  t.is(built.statuses.through, 'failed')
  t.regex(built.stdout, /link\/x.*goes through the symlink link/)
  t.deepEqual(snapshot(outside), before)
})

test('Ctrl-C during a task whose output directory became a symlink leaves the outside alone', async (t) => {
  const outside = victim({x: 'keep me\n'})
  const before = snapshot(outside)
  const dir = project({swap: {run: `rm -rf out/d && ln -s ${outside} out/d && exec sleep 30`, outputs: ['out/d/x']}})
  const running = startBuild(dir, env())
  await until(() => existsSync(join(dir, 'out/d/x')))
  running.child.kill('SIGINT')
  const {code} = await running.done
  t.is(code, 130)
  t.deepEqual(snapshot(outside), before)
})

test('a cache restore never writes through an output directory replaced by a symlink', async (t) => {
  const outside = victim({f: 'keep me\n'})
  const before = snapshot(outside)
  const dir = project({make: {run: 'mkdir -p out && echo new > out/f', outputs: ['out/f']}})
  const environment = env()
  t.is((await build(dir, environment)).code, 0)
  rmSync(join(dir, 'out'), {recursive: true})
  symlinkSync(outside, join(dir, 'out'))
  const again = await build(dir, environment)
  t.not(again.code, 0)
  t.regex(again.stdout, /out\/f.*goes through the symlink out/)
  t.deepEqual(snapshot(outside), before)
})

test('a setuid file a local task leaves in its outputs loses the setuid and setgid bits', async (t) => {
  const dir = project({
    suid: {run: 'mkdir -p out tree && cp /bin/true out/x && chmod 6755 out/x && cp /bin/true tree/y && chmod 4755 tree/y', outputs: ['out/x', 'tree']},
  })
  t.is((await build(dir, env())).code, 0)
  t.is(statSync(join(dir, 'out/x')).mode & 0o7777, 0o755)
  t.is(statSync(join(dir, 'tree/y')).mode & 0o7777, 0o755)
})
