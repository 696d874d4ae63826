import test from 'ava'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {CacheDecision, TaskSpec} from '../../core/contracts/task.js'
import {Driver} from '../../core/driver.js'
import {ProjectState} from '../../core/engine/state.js'
import {buildExplanations, tapExplain} from '../../core/explain/record.js'
import type {BuildContext, TaskContext} from '../../core/pipeline.js'
import {tempDir} from '../helpers/cli.js'

const task = (id: string, cacheable: boolean): TaskSpec => ({
  id, recipe: 'r', kind: 'task', command: {script: 'true'}, deps: [], inputs: [], outputs: [], env: {}, envPass: [],
  cacheable, retries: 0, resources: {}, attrs: {},
})

/** One build as the engine leaves it for the explain tap: each task's key parts and cache decision, then buildFinished and the state saved. */
async function build(root: string, tasks: Array<{spec: TaskSpec; input: string; key: string; status: 'built' | 'cached'; decision?: CacheDecision}>) {
  const driver = new Driver()
  tapExplain(driver)
  const state = new ProjectState(join(root, '.tck'))
  const context = {root, config: {}, options: {}, tasks: new Map<string, TaskContext>(), data: {}, state} as unknown as BuildContext
  for (const {spec, input, decision} of tasks) {
    const parts = [{kind: 'input', name: 'src.c', value: input}]
    context.tasks.set(spec.id, {build: context, task: spec, attempt: 0, signal: new AbortController().signal, data: {}, parts, decision})
  }
  const outcomes = tasks.map(({spec, key, status}) => ({id: spec.id, key, status, durationMs: 1}))
  await driver.fire('buildFinished', {context, outcomes, durationMs: 1, ok: true})
  await state.save()
  return buildExplanations(context)
}

test('a build whose keys and statuses all match reads and writes nothing but the small index', async (t) => {
  const root = tempDir('tck-record-')
  const dir = join(root, '.tck', 'explain')
  const lib = task('lib', true)
  const check = task('check', false)
  await build(root, [{spec: lib, input: 'a', key: 'k1', status: 'built'}, {spec: check, input: 'a', key: 'c1', status: 'built'}])
  t.deepEqual(JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')).tasks.lib.key, 'k1')

  // Were current.json read or rewritten, this would be a warning and then a replaced file.
  writeFileSync(join(dir, 'current.json'), 'not json')
  const same = await build(root, [
    {spec: lib, input: 'a', key: 'k1', status: 'built', decision: {hit: true}},
    {spec: check, input: 'a', key: 'c1', status: 'built', decision: {hit: false, reason: 'the task is not cacheable'}},
  ])
  t.is(readFileSync(join(dir, 'current.json'), 'utf8'), 'not json')
  t.deepEqual(same.map((e) => [e.task, e.verdict]), [['lib', 'unchanged'], ['check', 'unchanged']])
  t.regex(same[1].summary, /same key as its run at .*: it is not cacheable/)
  t.regex(same[0].summary, /the cache held its key, but its outputs could not be restored/)

  // A new key reads the full manifests; the damaged file is replaced, and the reason is the first run.
  const changed = await build(root, [{spec: lib, input: 'b', key: 'k2', status: 'built', decision: {hit: false, reason: 'no cache level holds this key'}}])
  t.is(JSON.parse(readFileSync(join(dir, 'current.json'), 'utf8')).tasks.lib.key, 'k2')
  t.is(changed[0].verdict, 'first-run')
  const again = await build(root, [{spec: lib, input: 'c', key: 'k3', status: 'built'}])
  t.like(again[0], {verdict: 'changed', from: {key: 'k2'}, to: {key: 'k3'}})
  t.like(again[0].changes[0], {kind: 'input', name: 'src.c', before: 'b', after: 'c'})
  t.false('parts' in again[0].from!)
})
