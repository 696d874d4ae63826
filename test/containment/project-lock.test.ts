import test from 'ava'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tck} from '../helpers/cli.js'
import {cleanup, env, project, startBuild, until} from './helpers.js'

// Builds of one checkout wait for each other on a project lock, instead of clobbering each other.

test.after.always(cleanup)

const plain = (dir: string, environment: NodeJS.ProcessEnv) => tck(['build'], {cwd: dir, env: environment, timeoutMs: 120_000})

test('concurrent cold builds of one checkout all succeed; the later ones say they wait', async (t) => {
  t.timeout(240_000)
  const tasks: Record<string, unknown> = {}
  for (let i = 0; i < 6; i++) tasks[`t${i}`] = {run: `mkdir -p out/d${i % 2} && sleep 0.2 && echo ${i} > out/d${i % 2}/f${i}`, outputs: [`out/d${i % 2}/f${i}`]}
  const dir = project(tasks)
  const results = await Promise.all(Array.from({length: 4}, () => plain(dir, env())))
  for (const result of results) t.is(result.code, 0, result.stderr)
  t.true(results.some((result) => /waiting for another build of this project to finish \(process \d+/.test(result.stderr)))
})

test('a build that cannot get the lock in TCK_LOCK_TIMEOUT seconds fails with LOCK_TIMEOUT', async (t) => {
  t.timeout(120_000)
  const dir = project({slow: {run: 'sleep 20', cache: false}})
  const holder = startBuild(dir, env())
  try {
    await until(() => existsSync(join(dir, '.tck/build.lock')))
    const second = await plain(dir, env({TCK_LOCK_TIMEOUT: '1'}))
    t.is(second.code, 5, second.stderr)
    t.regex(second.stderr, /timed out after 1 s waiting for lock .*build\.lock, held by process \d+/)
  } finally {
    holder.child.kill('SIGINT')
    await holder.done
  }
})

test('the lock of a build killed with SIGKILL is recovered at once', async (t) => {
  t.timeout(120_000)
  const dir = project({slow: {run: 'echo $$ > task.pid; exec sleep 60', cache: false}})
  const holder = startBuild(dir, env())
  await until(() => existsSync(join(dir, 'task.pid')))
  holder.child.kill('SIGKILL')
  await holder.done
  // exec-local's workers take their task along when tck dies; should one outlive it, it goes now.
  try {
    process.kill(Number(readFileSync(join(dir, 'task.pid'), 'utf8')), 'SIGKILL')
  } catch {}
  writeFileSync(join(dir, 'tck.config.mjs'), 'export default {tasks: {quick: {run: "true", cache: false}}}\n')
  const started = Date.now()
  const again = await plain(dir, env({TCK_LOCK_TIMEOUT: '30'}))
  t.is(again.code, 0, again.stderr)
  t.notRegex(again.stderr, /waiting/)
  t.true(Date.now() - started < 25_000, `took ${Date.now() - started} ms`)
})
