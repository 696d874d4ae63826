import test from 'ava'
import {createScheduleGraph, type ScheduleGraph} from '../../core/wasm/scheduler.js'
import {mulberry32, randomDag, toCsr, type CsrGraph} from './random-graph.js'
import {ReferenceSchedule} from './reference-schedule.js'

function inWasm(graph: CsrGraph): ScheduleGraph {
  const wasm = createScheduleGraph(graph.durations.length, graph.deps.length)
  wasm.durations.set(graph.durations)
  wasm.depStart.set(graph.depStart)
  wasm.deps.set(graph.deps)
  return wasm
}

/** Independent oracle: the longest path by plain recursion over dependents. */
function bruteCritical(graph: CsrGraph): number[] {
  const n = graph.durations.length
  const dependents: number[][] = Array.from({length: n}, () => [])
  for (let t = 0; t < n; t++) for (let e = graph.depStart[t]; e < graph.depStart[t + 1]; e++) dependents[graph.deps[e]].push(t)
  const memo = new Map<number, number>()
  const path = (t: number): number => {
    if (!memo.has(t)) memo.set(t, graph.durations[t] + Math.max(0, ...dependents[t].map(path)))
    return memo.get(t)!
  }
  return Array.from({length: n}, (_, t) => path(t))
}

test('WASM and TypeScript scheduling agree on 1,000 random DAGs (property)', (t) => {
  for (let seed = 1; seed <= 1000; seed++) {
    const random = mulberry32(seed)
    const graph = randomDag(random, 1 + Math.floor(random() * 120), Math.floor(random() * 6), seed % 4 !== 0)
    const n = graph.durations.length
    const wasm = inWasm(graph)
    const reference = new ReferenceSchedule(graph.durations, graph.depStart, graph.deps)
    if (wasm.analyze() !== undefined || reference.analyze() !== undefined) return t.fail(`seed ${seed}: cycle in a DAG`)
    const oracle = bruteCritical(graph)
    for (let task = 0; task < n; task++) {
      if (wasm.critical[task] !== reference.critical[task] || Math.abs(wasm.critical[task] - oracle[task]) > 1e-9) {
        return t.fail(`seed ${seed}: critical path of task ${task}: wasm ${wasm.critical[task]}, ts ${reference.critical[task]}, oracle ${oracle[task]}`)
      }
      if (wasm.dependentCount(task) !== reference.dependentCount(task)) return t.fail(`seed ${seed}: dependents of task ${task}`)
    }
    // Serve both queues the same way: pop a few, complete them in a random order, repeat.
    wasm.start()
    reference.start()
    const done = new Uint8Array(n)
    const served: number[] = []
    // Independent check of the priority: what is served is never worse than anything else ready.
    const ready = new Set<number>()
    const waiting = Int32Array.from({length: n}, (_, task) => graph.depStart[task + 1] - graph.depStart[task])
    waiting.forEach((left, task) => left === 0 && ready.add(task))
    const rank = (task: number) => [oracle[task], reference.dependentCount(task), graph.durations[task], -task]
    const worse = (a: number[], b: number[]) => {
      const first = a.findIndex((value, i) => value !== b[i])
      return first >= 0 && a[first] < b[first]
    }
    while (wasm.readyCount > 0 || reference.readyCount > 0) {
      const batch: number[] = []
      for (let take = 1 + Math.floor(random() * 4); take > 0; take--) {
        const fromWasm = wasm.pop()
        const fromReference = reference.pop()
        if (fromWasm !== fromReference) return t.fail(`seed ${seed}: wasm served ${fromWasm}, ts served ${fromReference}`)
        if (fromWasm < 0) break
        for (const other of ready) {
          if (worse(rank(fromWasm), rank(other))) return t.fail(`seed ${seed}: served ${fromWasm} while ${other} ranked higher`)
        }
        ready.delete(fromWasm)
        batch.push(fromWasm)
      }
      for (const task of batch.sort(() => random() - 0.5)) {
        for (let e = graph.depStart[task]; e < graph.depStart[task + 1]; e++) {
          if (!done[graph.deps[e]]) return t.fail(`seed ${seed}: task ${task} served before its dependency ${graph.deps[e]}`)
        }
        done[task] = 1
        served.push(task)
        wasm.complete(task)
        reference.complete(task)
        for (let dependent = 0; dependent < n; dependent++) {
          for (let e = graph.depStart[dependent]; e < graph.depStart[dependent + 1]; e++) {
            if (graph.deps[e] === task && --waiting[dependent] === 0) ready.add(dependent)
          }
        }
      }
    }
    if (served.length !== n || new Set(served).size !== n) return t.fail(`seed ${seed}: served ${served.length} of ${n} tasks`)
  }
  t.pass()
})

test('the ready queue serves critical path first, then most dependents, then longest duration', (t) => {
  // 0: long chain head (0 -> 3), 1: short but two dependents, 2: same critical path as 1 and one dependent.
  const graph = toCsr(Float64Array.from([5, 2, 3, 4, 1, 1, 1]), [[], [], [], [0], [1], [1], [2]])
  const wasm = inWasm(graph)
  t.is(wasm.analyze(), undefined)
  t.deepEqual([...wasm.critical], [9, 3, 4, 4, 1, 1, 1])
  wasm.start()
  t.deepEqual([wasm.pop(), wasm.pop(), wasm.pop(), wasm.pop()], [0, 2, 1, -1])
  // Ties on critical path (1 and 2 would tie at 3 if durations matched) are covered by the property test.
  wasm.complete(1)
  t.deepEqual([wasm.pop(), wasm.pop(), wasm.pop()], [4, 5, -1])
  wasm.complete(0)
  t.is(wasm.pop(), 3)
})

test('dependents break a tie on critical path, duration breaks a tie on dependents', (t) => {
  const graph = toCsr(Float64Array.from([2, 2, 1, 1, 0, 0, 0]), [[], [], [], [], [0], [1], [1]])
  const wasm = inWasm(graph)
  wasm.analyze()
  wasm.start()
  // 0 and 1 both have critical path 2; 1 has two dependents. 2 and 3 tie on everything: lower index.
  t.deepEqual([wasm.pop(), wasm.pop(), wasm.pop(), wasm.pop()], [1, 0, 2, 3])
})

function assertCycle(t: import('ava').ExecutionContext, graph: CsrGraph, cycle: number[] | undefined): void {
  if (!cycle) return void t.fail('no cycle reported')
  t.is(new Set(cycle).size, cycle.length, 'a cycle visits each task once')
  cycle.forEach((task, i) => {
    const next = cycle[(i + 1) % cycle.length]
    const deps = graph.deps.subarray(graph.depStart[task], graph.depStart[task + 1])
    t.true(deps.includes(next), `task ${task} depends on ${next}`)
  })
}

test('a self-dependency is a cycle of one task', (t) => {
  const graph = toCsr(Float64Array.from([1, 1]), [[], [1]])
  const cycle = inWasm(graph).analyze()
  t.deepEqual(cycle, [1])
})

test('a cycle deep in a graph is reported with only its own tasks', (t) => {
  // 0 <- 1 <- 2 <- 3 <- 1 (1 depends on 3), and 4 hangs off the cycle without being part of it.
  const graph = toCsr(Float64Array.from([1, 1, 1, 1, 1]), [[], [0, 3], [1], [2], [3]])
  const cycle = inWasm(graph).analyze()
  assertCycle(t, graph, cycle)
  t.deepEqual([...cycle!].sort(), [1, 2, 3])
})

test('random graphs with a back edge: WASM and TypeScript report the same real cycle (property)', (t) => {
  for (let seed = 1; seed <= 200; seed++) {
    const random = mulberry32(seed * 7919)
    const dag = randomDag(random, 2 + Math.floor(random() * 80), 3)
    const n = dag.durations.length
    const lists = Array.from({length: n}, (_, task) => [...dag.deps.subarray(dag.depStart[task], dag.depStart[task + 1])])
    // A back edge from an early task to a later one that (transitively) depends on it, or to itself.
    const low = Math.floor(random() * n)
    const high = low + Math.floor(random() * (n - low))
    const chain = [high]
    while (chain.at(-1)! !== low) {
      const deps = lists[chain.at(-1)!].filter((dep) => dep >= low)
      if (deps.length === 0) lists[chain.at(-1)!].push(low)
      chain.push(deps.length === 0 ? low : deps[0])
    }
    lists[low].push(high)
    const graph = toCsr(dag.durations, lists)
    const fromWasm = inWasm(graph).analyze()
    assertCycle(t, graph, fromWasm)
    t.deepEqual(fromWasm, new ReferenceSchedule(graph.durations, graph.depStart, graph.deps).analyze(), `seed ${seed}`)
  }
})

test('malformed arrays are refused before anything is written past them', (t) => {
  const outOfRange = inWasm(toCsr(Float64Array.from([1, 1]), [[], [2]]))
  t.throws(() => outOfRange.analyze(), {message: /malformed/})
  const negative = inWasm(toCsr(Float64Array.from([1, 1]), [[], [-1]]))
  t.throws(() => negative.analyze(), {message: /malformed/})
  const wrongEnd = inWasm(toCsr(Float64Array.from([1, 1]), [[], [0]]))
  wrongEnd.depStart[2] = 0
  t.throws(() => wrongEnd.analyze(), {message: /malformed/})
})
