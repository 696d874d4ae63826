import test from 'ava'
import {join} from 'node:path'
import {validatedWithMemo} from '../../core/config/memo.js'
import {validateConfig} from '../../core/config/load.js'
import {tempDir} from '../helpers/cli.js'

const manyTasks = (count: number, run = 'true') => ({tasks: Object.fromEntries(Array.from({length: count}, (_, index) => [`t${index}`, {run}]))})

function counting(raw: unknown, file: string) {
  let calls = 0
  const validate = () => {
    calls++
    return validateConfig(raw, file)
  }
  return {validate, calls: () => calls}
}

test('a large data-only config is validated once; the same config again comes from the memo', async (t) => {
  const file = join(tempDir(), 'tck.config.json')
  const raw = manyTasks(600)
  const first = counting(raw, file)
  const config = await validatedWithMemo(raw, file, first.validate)
  t.is(first.calls(), 1)
  t.is(config.tasks.t5.kind, 'task', 'defaults are filled in')
  const second = counting(raw, file)
  t.deepEqual(await validatedWithMemo(raw, file, second.validate), config)
  t.is(second.calls(), 0)
})

test('any change to the config validates it again, and an invalid one is never memoized', async (t) => {
  const file = join(tempDir(), 'tck.config.json')
  await validatedWithMemo(manyTasks(600), file, counting(manyTasks(600), file).validate)
  const changed = manyTasks(600, 'make')
  const again = counting(changed, file)
  t.is((await validatedWithMemo(changed, file, again.validate)).tasks.t1.run, 'make')
  t.is(again.calls(), 1)
  const invalid = {tasks: {...changed.tasks, bad: {run: 'x', deps: 'not-a-list'}}}
  t.throws(() => validatedWithMemo(invalid, file, () => validateConfig(invalid, 'tck.config.json')), {message: /tasks\.bad\.deps/})
})

test('JavaScript configs and small configs are validated every time', async (t) => {
  const dir = tempDir()
  const js = counting(manyTasks(600), join(dir, 'tck.config.mjs'))
  await validatedWithMemo(manyTasks(600), join(dir, 'tck.config.mjs'), js.validate)
  await validatedWithMemo(manyTasks(600), join(dir, 'tck.config.mjs'), js.validate)
  t.is(js.calls(), 2)
  const small = counting(manyTasks(3), join(dir, 'tck.config.json'))
  await validatedWithMemo(manyTasks(3), join(dir, 'tck.config.json'), small.validate)
  await validatedWithMemo(manyTasks(3), join(dir, 'tck.config.json'), small.validate)
  t.is(small.calls(), 2)
})
