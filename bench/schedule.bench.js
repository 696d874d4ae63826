// Critical paths and the whole ready queue (every task popped and completed) on 100,000- and
// 1,000,000-task graphs: the AssemblyScript module against the same algorithm in TypeScript,
// the reference the tests check it against (test/wasm/reference-schedule.ts, loaded through tsx).
import {join} from 'node:path'
import {tsImport} from 'tsx/esm/api'

const root = new URL('..', import.meta.url).pathname
const {createScheduleGraph} = await import(join(root, 'dist/core/wasm/scheduler.js'))
const {ReferenceSchedule} = await tsImport(join(root, 'test/wasm/reference-schedule.ts'), import.meta.url)
const {largeDag, mulberry32} = await tsImport(join(root, 'test/wasm/random-graph.ts'), import.meta.url)

const AVERAGE_DEPS = 3

function drain(schedule) {
  schedule.start()
  let served = 0
  for (let task = schedule.pop(); task >= 0; task = schedule.pop()) {
    schedule.complete(task)
    served++
  }
  if (served !== schedule.taskCount) throw new Error(`served ${served} of ${schedule.taskCount} tasks`)
}

/** Times analyse + drain; the graph is already in place (for WASM: written into its memory). */
function measure(make, rounds) {
  let analyse = Infinity
  let total = Infinity
  for (let round = 0; round < rounds; round++) {
    const schedule = make()
    const started = performance.now()
    if (schedule.analyze() !== undefined) throw new Error('cycle in a DAG')
    const analysed = performance.now()
    drain(schedule)
    analyse = Math.min(analyse, analysed - started)
    total = Math.min(total, performance.now() - started)
  }
  return {analyse, total}
}

export default async function run() {
  const rows = []
  for (const [taskCount, rounds] of [[100_000, 7], [1_000_000, 5]]) {
    const graph = largeDag(mulberry32(taskCount), taskCount, AVERAGE_DEPS)
    const inWasm = () => {
      const schedule = createScheduleGraph(taskCount, graph.deps.length)
      schedule.durations.set(graph.durations)
      schedule.depStart.set(graph.depStart)
      schedule.deps.set(graph.deps)
      return schedule
    }
    const inTypeScript = () => new ReferenceSchedule(graph.durations, graph.depStart, graph.deps)
    // Interleaved warm-up, so neither side runs on a colder JIT or cache than the other.
    measure(inWasm, 1)
    measure(inTypeScript, 1)
    const wasm = measure(inWasm, rounds)
    const typescript = measure(inTypeScript, rounds)
    const label = `${taskCount.toLocaleString('en-US')} tasks, ${graph.deps.length.toLocaleString('en-US')} deps`
    const perSecond = (ms) => Number((taskCount / (ms / 1000) / 1e6).toFixed(2))
    const row = (what, ours, theirs, note) => ({
      name: `${what}, ${label}`,
      value: perSecond(ours),
      unit: 'M tasks/s',
      peer: 'same algorithm in TypeScript',
      peerValue: perSecond(theirs),
      ratio: Number((theirs / ours).toFixed(2)),
      note,
    })
    rows.push(row('critical path + ready queue (WASM)', wasm.total, typescript.total, taskCount === 1_000_000 ? 'target ratio >= 1.3' : undefined))
    rows.push(row('critical path only (WASM)', wasm.analyse, typescript.analyse))
  }
  return rows
}
