import test from 'ava'
import {execFileSync} from 'node:child_process'
import {readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, tck} from '../helpers/cli.js'
import {copyFixture} from '../helpers/project.js'
import {parseEvents, statuses} from '../engine/events.js'

// fixtures/hello as it is, plus a tap that logs every task reaching an executor.
const counting = `import {appendFileSync} from 'node:fs'
import hello from './tck.config.mjs'
export default {
  ...hello,
  register(context) {
    hello.register(context)
    context.pipeline.execute.tap((request, task) => { appendFileSync(new URL('./spawns.log', import.meta.url), task.task.id + '\\n') }, {stage: -100})
  },
}
`

test('building fixtures/hello twice: the second build restores every cacheable task and runs only the uncacheable ones', async (t) => {
  const dir = copyFixture('hello')
  writeFileSync(join(dir, 'counting.config.mjs'), counting)
  const env = isolatedEnv()
  const build = async () => {
    rmSync(join(dir, 'spawns.log'), {force: true})
    const {code, stdout, stderr} = await tck(['build', '--json', '--config', 'counting.config.mjs'], {cwd: dir, env})
    t.is(code, 0, stderr)
    return {outcomes: statuses(parseEvents(stdout)), spawned: readFileSync(join(dir, 'spawns.log'), 'utf8').trim().split('\n').sort()}
  }
  const first = await build()
  t.deepEqual(first.spawned, ['compile:greet', 'compile:main', 'link', 'test'])
  rmSync(join(dir, 'out'), {recursive: true})

  const second = await build()
  t.deepEqual(second.outcomes, {'compile:greet': 'cached', 'compile:main': 'cached', link: 'cached', test: 'built'})
  t.deepEqual(second.spawned, ['test'], 'only the task marked cache: false reached an executor')
  t.is(statSync(join(dir, 'out/hello')).mode & 0o111, 0o111)
  t.is(execFileSync(join(dir, 'out/hello'), ['world']).toString().trim(), 'hello, world')
})
