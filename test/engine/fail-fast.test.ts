import test from 'ava'
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, tck} from '../helpers/cli.js'
import {projectWith} from '../helpers/project.js'
import {parseEvents, statuses} from './events.js'

// `bad` heads the longest chain, so any scheduler (first-in or critical-path) runs it first on -j 1;
// `one` and `two` are independent of it.
const project = () =>
  projectWith({
    'tck.config.json': JSON.stringify({
      tasks: {
        bad: {run: 'echo broken >&2; exit 3'},
        then: {run: 'touch then', deps: ['bad']},
        last: {run: 'touch last', deps: ['then']},
        one: {run: 'touch one', cache: false},
        two: {run: 'touch two', cache: false},
      },
    }),
  })

test('fail fast (the default): after a failure nothing new starts, and the build fails naming the task', async (t) => {
  const dir = project()
  const {code, stdout} = await tck(['build', '-j', '1', '--json', '--cwd', dir], {env: isolatedEnv()})
  t.is(code, 1)
  const events = parseEvents(stdout)
  t.deepEqual(statuses(events), {bad: 'failed', then: 'skipped', last: 'skipped', one: 'skipped', two: 'skipped'})
  const badEnd = events.findIndex((event) => event.type === 'task-end' && event.id === 'bad')
  t.false(events.slice(badEnd).some((event) => event.type === 'task-start'))
  t.false(existsSync(join(dir, 'one')))
  const end = events.at(-1)!
  t.is(end.type, 'build-end')
  t.false(end.ok as boolean)
})

test('--keep-going builds everything that does not depend on the failure', async (t) => {
  const dir = project()
  const {code, stdout, stderr} = await tck(['build', '-j', '1', '--keep-going', '--cwd', dir, '--progress', 'plain'], {env: isolatedEnv()})
  t.is(code, 1)
  t.true(existsSync(join(dir, 'one')))
  t.true(existsSync(join(dir, 'two')))
  t.false(existsSync(join(dir, 'then')))
  t.regex(stderr, /task "bad" exited with code 3:\nbroken/)
  t.regex(stderr, /build failed in .*: 2 built, 1 failed, 2 skipped/)
  t.is(stdout, '')
})
