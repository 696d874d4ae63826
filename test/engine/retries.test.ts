import test from 'ava'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, tck} from '../helpers/cli.js'
import {projectWith} from '../helpers/project.js'
import {parseEvents, statuses} from './events.js'

// The config, as a plugin, classifies a failure as transient when the task says "flaky" — the way
// an executor or plugin would recognise a dropped connection. The task fails until its third try.
const config = (retries: number, message: string) => `export default {
  tasks: {
    fetch: {
      run: 'n=$(cat tries 2>/dev/null || echo 0); n=$((n+1)); echo $n > tries; [ $n -ge 3 ] || { echo ${message} >&2; exit 1; }',
      retries: ${retries},
      cache: false,
    },
  },
  register({pipeline}) {
    pipeline.afterExecute.tap((result) => { result.transient = /flaky/.test(result.stderr.toString()) })
  },
}
`

const tries = (dir: string) => Number(readFileSync(join(dir, 'tries'), 'utf8'))

test('a transient failure is retried up to the task\'s retries, then succeeds', async (t) => {
  const dir = projectWith({'tck.config.mjs': config(2, 'flaky network')})
  const {code, stdout, stderr} = await tck(['build', '--json', '--cwd', dir], {env: isolatedEnv()})
  t.is(code, 0, stderr)
  t.is(tries(dir), 3)
  t.deepEqual(statuses(parseEvents(stdout)), {fetch: 'built'})
})

test('retries run out: the build fails after 1 + retries attempts', async (t) => {
  const dir = projectWith({'tck.config.mjs': config(1, 'flaky network')})
  const {code, stderr} = await tck(['build', '--cwd', dir], {env: isolatedEnv()})
  t.is(code, 1)
  t.is(tries(dir), 2)
  t.regex(stderr, /task "fetch" exited with code 1:\nflaky network/)
})

test('a failure nobody calls transient is never retried', async (t) => {
  const dir = projectWith({'tck.config.mjs': config(5, 'syntax error')})
  const {code} = await tck(['build', '--cwd', dir], {env: isolatedEnv()})
  t.is(code, 1)
  t.is(tries(dir), 1)
})
