import test from 'ava'
import {chmodSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, tckFront as tck, tempDir} from '../helpers/cli.js'

const SERVED = /no-change check: nothing changed since the last build/

/** A project of two tasks (a glob input, a program found on PATH) built until its no-change record is written. */
async function recorded(t: {is: (a: unknown, b: unknown, m?: string) => void; regex: (a: string, b: RegExp, m?: string) => void}) {
  const dir = tempDir()
  const bin = join(dir, 'bin')
  const early = join(dir, 'early')
  mkdirSync(bin)
  mkdirSync(early)
  mkdirSync(join(dir, 'parts'))
  writeFileSync(join(bin, 'stamp'), '#!/bin/sh\necho one\n')
  chmodSync(join(bin, 'stamp'), 0o755)
  writeFileSync(join(dir, 'src.txt'), 'a\n')
  writeFileSync(join(dir, 'parts', 'p1.txt'), 'p1\n')
  const config = {
    tasks: {
      a: {run: 'cat src.txt parts/*.txt > out.txt && stamp >> out.txt', inputs: ['src.txt', 'parts/*.txt'], outputs: ['out.txt'], tools: ['stamp']},
      b: {run: 'cat out.txt > b.txt', deps: ['a'], inputs: ['out.txt'], outputs: ['b.txt']},
    },
  }
  writeFileSync(join(dir, 'tck.config.json'), JSON.stringify(config))
  const env = isolatedEnv({TCK_DEBUG: '1', PATH: `${early}:${bin}:${process.env.PATH}`})
  const build = (args: string[] = [], extra: Record<string, string> = {}) => tck(['build', '--progress', 'plain', ...args], {cwd: dir, env: {...env, ...extra}})
  t.is((await build()).code, 0)
  const second = await build()
  t.regex(second.stderr, /2 cached/)
  const third = await build()
  t.regex(third.stderr, SERVED, 'an all-cached build writes the record; the next build is served from it')
  t.regex(third.stderr, /build finished in \d+ ?ms: 2 cached/)
  return {dir, early, bin, build, read: (file: string) => readFileSync(join(dir, file), 'utf8')}
}

test('a build with nothing changed since an all-cached one is served from the no-change record', async (t) => {
  const {build} = await recorded(t)
  const served = await build()
  t.is(served.code, 0)
  t.regex(served.stderr, SERVED)
  t.regex(served.stderr, /\[1\/2\] cached +a/)
  t.notRegex(served.stderr, /no-change check: .*; building/)
})

test('an input edited in place (same size, within the same second) is built again', async (t) => {
  const {dir, build, read} = await recorded(t)
  writeFileSync(join(dir, 'src.txt'), 'b\n')
  const after = await build()
  t.regex(after.stderr, /no-change check: .*src\.txt changed; building/)
  t.regex(after.stderr, /built +a/)
  t.is(read('b.txt'), 'b\np1\none\n')
})

test('a new file a glob input matches is built again', async (t) => {
  const {dir, build, read} = await recorded(t)
  writeFileSync(join(dir, 'parts', 'p2.txt'), 'p2\n')
  const after = await build()
  t.regex(after.stderr, /no-change check: parts\/\*\.txt finds other files; building|no-change check: .*parts changed; building/)
  t.is(read('b.txt'), 'a\np1\np2\none\n')
})

test('a program that now shadows a task\'s tool on PATH is built again', async (t) => {
  const {early, build, read} = await recorded(t)
  writeFileSync(join(early, 'stamp'), '#!/bin/sh\necho two\n')
  chmodSync(join(early, 'stamp'), 0o755)
  const after = await build()
  t.regex(after.stderr, /no-change check: .*early\/stamp appeared; building/)
  t.is(read('b.txt'), 'a\np1\ntwo\n')
})

test('an output edited by hand, another environment, other arguments or an edited config each build again', async (t) => {
  const {dir, build, read} = await recorded(t)
  // Each probe leaves a record of its own build; building twice brings back this one's.
  const settle = async () => {
    await build()
    t.regex((await build()).stderr, SERVED)
  }
  writeFileSync(join(dir, 'b.txt'), 'edited\n')
  t.regex((await build()).stderr, /b\.txt changed; building/)
  t.is(read('b.txt'), 'a\np1\none\n', 'the output is put back from the cache')
  await settle()
  t.regex((await build([], {SOME_SETTING: '1'})).stderr, /the environment changed; building/)
  await settle()
  t.regex((await build(['b'])).stderr, /other arguments; building/)
  await settle()
  const config = JSON.parse(read('tck.config.json'))
  config.tasks.b.run = 'cat out.txt out.txt > b.txt'
  writeFileSync(join(dir, 'tck.config.json'), JSON.stringify(config))
  t.regex((await build()).stderr, /tck\.config\.json changed; building/)
  t.is(read('b.txt'), 'a\np1\none\na\np1\none\n')
})

test('no record is written for a build that ran a task, or whose configuration is code', async (t) => {
  const {dir, build} = await recorded(t)
  writeFileSync(join(dir, 'src.txt'), 'c\n')
  t.regex((await build()).stderr, /no-change record: not written: task a was built/)
  const code = tempDir()
  writeFileSync(join(code, 'tck.config.mjs'), 'export default {tasks: {a: {run: "echo x > o.txt", outputs: ["o.txt"]}}}\n')
  const env = isolatedEnv({TCK_DEBUG: '1'})
  await tck(['build'], {cwd: code, env})
  t.regex((await tck(['build'], {cwd: code, env})).stderr, /no-change record: not written: the configuration is code/)
})

test('a record whose files are more than one command line holds is still served', async (t) => {
  // 640 inputs of ~3,300 characters each: 2.1 MB of paths, past the kernel's 2 MB limit for one exec.
  const dir = tempDir()
  let deep = join(dir, 'deep')
  for (let level = 0; level < 15; level++) deep = join(deep, `${level}`.padEnd(200, 'd'))
  mkdirSync(deep, {recursive: true})
  for (let index = 0; index < 640; index++) writeFileSync(join(deep, `${index}`.padEnd(200, 'f')), `${index}\n`)
  writeFileSync(join(dir, 'tck.config.json'), JSON.stringify({tasks: {count: {run: 'find deep -type f | wc -l > count.txt', inputs: ['deep/**'], outputs: ['count.txt']}}}))
  const env = isolatedEnv({TCK_DEBUG: '1'})
  const build = () => tck(['build', '--progress', 'plain'], {cwd: dir, env})
  t.is((await build()).code, 0)
  await new Promise((resolve) => setTimeout(resolve, 2100))
  t.regex((await build()).stderr, /1 cached/)
  t.regex((await build()).stderr, SERVED)
  t.is(readFileSync(join(dir, 'count.txt'), 'utf8').trim(), '640')
})
