/** The engine's ready queue (core/engine/schedule.ts) over real build graphs, and `tck build` using it. */
import test from 'ava'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {TaskSpec} from '../../core/contracts/task.js'
import {buildGraph, selectTargets} from '../../core/engine/graph.js'
import {loadDurations as loadSection, readyQueue, saveDurations as keepDurations, type Durations} from '../../core/engine/schedule.js'
import {ProjectState} from '../../core/engine/state.js'
import type {TaskOutcome} from '../../core/pipeline.js'
import {TckError} from '../../core/errors.js'
import type {Graph} from '../../core/pipeline.js'
import {tck, tempDir} from '../helpers/cli.js'
import {projectWith} from '../helpers/project.js'

/** The durations section of a project's state, loaded and saved as a build does. */
const durationsFile = (root: string) => join(root, '.tck', 'durations.json')
const loadDurations = async (root: string): Promise<Durations> => (await loadSection(new ProjectState(join(root, '.tck')))).value
async function saveDurations(root: string, outcomes: TaskOutcome[]): Promise<void> {
  const state = new ProjectState(join(root, '.tck'))
  keepDurations(await loadSection(state), outcomes)
  await state.save()
}

function task(id: string, deps: string[] = []): TaskSpec {
  return {
    id, recipe: 'test', kind: 'task', command: {script: 'true'}, deps, inputs: [], outputs: [],
    env: {}, envPass: [], cacheable: true, retries: 0, resources: {}, attrs: {},
  }
}

function graphOf(...tasks: TaskSpec[]): Graph {
  return buildGraph([{name: 'test', parser: 'test', location: {file: 'test'}, vars: {}, tasks}])
}

function drain(graph: Graph, durations = {}): string[] {
  const queue = readyQueue(graph, durations)
  const served: string[] = []
  for (let id = queue.next(); id !== undefined; id = queue.next()) {
    served.push(id)
    queue.done(id)
  }
  return served
}

test('the longest chain starts first, whatever the declaration order', (t) => {
  const graph = graphOf(task('lint'), task('compile'), task('link', ['compile']), task('package', ['link']))
  t.deepEqual(drain(graph), ['compile', 'link', 'lint', 'package'])
})

test('previous durations outweigh the number of steps', (t) => {
  const graph = graphOf(task('docs'), task('compile'), task('link', ['compile']))
  t.deepEqual(drain(graph, {docs: 5000, compile: 100, link: 100}), ['docs', 'compile', 'link'])
  t.is(readyQueue(graph, {docs: 5000, compile: 100, link: 100}).criticalPathMs('compile'), 200)
})

test('a dependent is not served before its dependency is done', (t) => {
  const queue = readyQueue(graphOf(task('a'), task('b', ['a'])))
  t.is(queue.next(), 'a')
  t.is(queue.next(), undefined)
  queue.done('a')
  t.is(queue.next(), 'b')
})

test('a cycle is reported by task names', (t) => {
  const tasks = new Map([['a', task('a', ['b'])], ['b', task('b', ['c'])], ['c', task('c', ['a'])], ['d', task('d', ['a'])]])
  const error = t.throws(() => readyQueue({tasks, order: ['a', 'b', 'c', 'd']}), {instanceOf: TckError})
  t.is(error?.code, 'GRAPH_INVALID')
  t.regex(error!.message, /dependency cycle: (a -> b -> c -> a|b -> c -> a -> b|c -> a -> b -> c)$/)
})

test('a chain of 100,000 tasks is ordered, selected and served without overflowing the stack', (t) => {
  const tasks = Array.from({length: 100_000}, (_, i) => task(`step${i}`, i === 0 ? [] : [`step${i - 1}`])).reverse()
  const graph = selectTargets(graphOf(...tasks), ['step99999'])
  t.is(graph.order[0], 'step0')
  t.is(graph.order.at(-1), 'step99999')
  const queue = readyQueue(graph)
  t.is(queue.criticalPathMs('step0'), 100_000)
  let served = 0
  for (let id = queue.next(); id !== undefined; id = queue.next()) {
    served++
    queue.done(id)
  }
  t.is(served, 100_000)
})

test('the graph order is depth-first, dependencies before dependents, declaration order otherwise', (t) => {
  const graph = graphOf(task('app', ['lib', 'gen']), task('lib', ['gen']), task('gen'), task('docs'))
  t.deepEqual(graph.order, ['gen', 'lib', 'app', 'docs'])
})

test('durations of built tasks are kept; cached ones and a corrupt file change nothing', async (t) => {
  const root = tempDir()
  t.deepEqual(await loadDurations(root), {})
  await saveDurations(root, [
    {id: 'a', status: 'built', durationMs: 250},
    {id: 'b', status: 'cached', durationMs: 2},
  ])
  t.deepEqual(await loadDurations(root), {a: 250})
  await saveDurations(root, [{id: 'b', status: 'built', durationMs: 0}])
  t.deepEqual(await loadDurations(root), {a: 250, b: 1})
  writeFileSync(durationsFile(root), '{not json')
  t.deepEqual(await loadDurations(root), {})
})

test('tck build serves the critical path first and records durations under .tck/', async (t) => {
  const dir = projectWith({
    'tck.config.yaml': [
      'tasks:',
      '  short: {run: "true", cache: false}',
      '  head: {run: "true", cache: false}',
      '  middle: {run: "true", deps: [head], cache: false}',
      '  tail: {run: "true", deps: [middle], cache: false}',
      '',
    ].join('\n'),
  })
  mkdirSync(join(dir, '.tck'), {recursive: true})
  const {code, stdout, stderr} = await tck(['build', '-j', '1', '--json', '--cwd', dir])
  t.is(code, 0, stderr)
  // --json is an event stream, one JSON object a line.
  const events: Array<{type: string; id?: string}> = stdout.trim().split('\n').map((line) => JSON.parse(line))
  const started = events.filter(({type}) => type === 'task-start').map(({id}) => id!)
  t.is(started.length, 4)
  t.is(started[0], 'head', `start order: ${started.join(', ')}`)
  t.true(started.indexOf('short') > started.indexOf('middle'), `start order: ${started.join(', ')}`)
  t.deepEqual(Object.keys(JSON.parse(readFileSync(durationsFile(dir), 'utf8'))).sort(), ['head', 'middle', 'short', 'tail'])
})

test('tck doctor lists the WASM scheduler as loaded', async (t) => {
  const {code, stdout, stderr} = await tck(['doctor', '--json'])
  t.is(code, 0, stderr)
  const modules: Array<{name: string; loaded: boolean}> = JSON.parse(stdout).wasm
  t.deepEqual(modules.find(({name}) => name === 'scheduler')?.loaded, true)
})
