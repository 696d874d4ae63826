/** Seeded random task graphs, so a failing property test names a seed that reproduces it. */

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let x = state
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}

export interface CsrGraph {
  durations: Float64Array
  depStart: Int32Array
  deps: Int32Array
}

/**
 * A DAG: task i depends on up to `maxDeps` distinct earlier tasks. Small integer durations make
 * ties common, so the tie-breaks of the ready queue are exercised too.
 */
export function randomDag(random: () => number, taskCount: number, maxDeps: number, integerDurations = true): CsrGraph {
  const lists: number[][] = []
  for (let t = 0; t < taskCount; t++) {
    const wanted = Math.min(t, Math.floor(random() * (maxDeps + 1)))
    const chosen = new Set<number>()
    while (chosen.size < wanted) chosen.add(Math.floor(random() * t))
    lists.push([...chosen])
  }
  const durations = Float64Array.from({length: taskCount}, () => (integerDurations ? 1 + Math.floor(random() * 4) : random() * 100))
  return toCsr(durations, lists)
}

export function toCsr(durations: Float64Array, lists: number[][]): CsrGraph {
  const depStart = new Int32Array(lists.length + 1)
  lists.forEach((list, t) => (depStart[t + 1] = depStart[t] + list.length))
  return {durations, depStart, deps: Int32Array.from(lists.flat())}
}

/** A large DAG straight into typed arrays (the benchmark's 1,000,000 tasks). */
export function largeDag(random: () => number, taskCount: number, averageDeps: number): CsrGraph {
  const depStart = new Int32Array(taskCount + 1)
  for (let t = 0; t < taskCount; t++) depStart[t + 1] = depStart[t] + Math.min(t, Math.floor(random() * (2 * averageDeps + 1)))
  const deps = new Int32Array(depStart[taskCount])
  const durations = new Float64Array(taskCount)
  for (let t = 0; t < taskCount; t++) {
    durations[t] = 1 + Math.floor(random() * 1000)
    // Mostly nearby tasks, like real builds (a library's objects), some anywhere before.
    for (let e = depStart[t]; e < depStart[t + 1]; e++) {
      deps[e] = random() < 0.8 ? Math.max(0, t - 1 - Math.floor(random() * 64)) : Math.floor(random() * t)
    }
  }
  return {durations, depStart, deps}
}
