import test from 'ava'
import {chmodSync, readFileSync} from 'node:fs'
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

// Linux refuses to exec a file someone holds open for writing (ETXTBSY), as when a linker is
// still finishing it. The config holds it open during the first attempt only; exec-local calls
// the failure transient and the engine's retry finds the program free.
test('exec-local calls a program that cannot start yet (ETXTBSY) transient, and the retry runs it', async (t) => {
  const dir = projectWith({
    'tool.sh': '#!/bin/sh\necho ran > ran.txt\n',
    'tck.config.mjs': `import {openSync, closeSync} from 'node:fs'
export default {
  tasks: {use: {run: ['./tool.sh'], retries: 2, cache: false}},
  register({pipeline}) {
    let held
    pipeline.beforeExecute.tap((request, task) => {
      if (task.attempt === 1) held = openSync(request.cwd + '/tool.sh', 'r+')
    })
    pipeline.afterExecute.tap((result) => {
      if (held === undefined) return
      closeSync(held)
      held = undefined
      if (!/ETXTBSY/.test(result.stderr.toString())) throw new Error('the first attempt was meant to hit ETXTBSY')
    })
  },
}
`,
  })
  chmodSync(join(dir, 'tool.sh'), 0o755)
  const {code, stdout, stderr} = await tck(['build', '--json', '--cwd', dir], {env: isolatedEnv()})
  t.is(code, 0, stderr + stdout)
  t.is(readFileSync(join(dir, 'ran.txt'), 'utf8'), 'ran\n')
})

test('a program that cannot start at all (not executable) fails its task, not the executor, and is not retried', async (t) => {
  const dir = projectWith({'tool.sh': 'echo hi\n', 'tck.config.json': JSON.stringify({tasks: {use: {run: ['./tool.sh'], retries: 3}}})})
  const {code, stderr} = await tck(['build', '--cwd', dir], {env: isolatedEnv()})
  t.is(code, 1)
  t.regex(stderr, /task "use" exited with code 127:\n\.\/tool\.sh: spawn \.\/tool\.sh EACCES/)
  t.notRegex(stderr, /plugin @tck\/plugin-exec-local failed/)
})
