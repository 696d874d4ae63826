import test from 'ava'
import {spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tck} from '../helpers/cli.js'
import {cleanup, env, project} from './helpers.js'

test.after.always(cleanup)

test('tck cache stats shows tmp/ leftovers and tck cache gc removes those of dead writers, however new', async (t) => {
  const environment = env()
  const dir = project({})
  const tmp = join(environment.XDG_CACHE_HOME!, 'tck', 'tmp')
  mkdirSync(tmp, {recursive: true})
  const deadPid = spawnSync('true').pid
  const dead = join(tmp, `${deadPid}.0123456789ab`)
  const live = join(tmp, `${process.pid}.ba9876543210`)
  writeFileSync(dead, Buffer.alloc(5000))
  writeFileSync(live, Buffer.alloc(100))

  const stats = await tck(['cache', 'stats', '--json'], {cwd: dir, env: environment})
  t.is(stats.code, 0, stats.stderr)
  t.deepEqual(JSON.parse(stats.stdout).levels[0].temp, {entries: 2, bytes: 5100, stale: 1})
  const text = await tck(['cache', 'stats'], {cwd: dir, env: environment})
  t.regex(text.stdout, /temp {5}2 in tmp\/ \(5\.0 KiB\), 1 left by writers that died/)

  const gc = await tck(['cache', 'gc', '--max-size', '10G'], {cwd: dir, env: environment})
  t.is(gc.code, 0, gc.stderr)
  t.regex(gc.stdout, /removed 1 temp files left by writers that died/)
  t.false(existsSync(dead))
  t.true(existsSync(live), 'a temp file of a live writer was removed')
})
