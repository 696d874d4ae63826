/**
 * The scheduling algorithm of wasm/scheduler in plain TypeScript over typed arrays: the reference
 * the WASM module must agree with, and the peer it is benchmarked against (bench/schedule.bench.js).
 */
export class ReferenceSchedule {
  readonly taskCount: number
  readonly critical: Float64Array
  private readonly dependentStart: Int32Array
  private readonly dependents: Int32Array
  private readonly remaining: Int32Array
  private readonly heap: Int32Array
  private heapSize = 0

  constructor(
    readonly durations: Float64Array,
    readonly depStart: Int32Array,
    readonly deps: Int32Array,
  ) {
    this.taskCount = durations.length
    this.critical = new Float64Array(this.taskCount)
    this.dependentStart = new Int32Array(this.taskCount + 1)
    this.dependents = new Int32Array(deps.length)
    this.remaining = new Int32Array(this.taskCount)
    this.heap = new Int32Array(this.taskCount)
  }

  /** Returns one cycle (each task depends on the next) or undefined. */
  analyze(): number[] | undefined {
    const {taskCount: n, depStart, deps, dependentStart, dependents, remaining} = this
    dependentStart.fill(0)
    for (let e = 0; e < deps.length; e++) dependentStart[deps[e] + 1]++
    for (let t = 0; t < n; t++) dependentStart[t + 1] += dependentStart[t]
    for (let t = 0; t < n; t++) remaining[t] = dependentStart[t]
    for (let t = 0; t < n; t++) {
      for (let e = depStart[t]; e < depStart[t + 1]; e++) dependents[remaining[deps[e]]++] = t
    }
    const order = new Int32Array(n)
    let tail = 0
    for (let t = 0; t < n; t++) {
      remaining[t] = depStart[t + 1] - depStart[t]
      if (remaining[t] === 0) order[tail++] = t
    }
    for (let head = 0; head < tail; head++) {
      const t = order[head]
      for (let e = dependentStart[t]; e < dependentStart[t + 1]; e++) {
        if (--remaining[dependents[e]] === 0) order[tail++] = dependents[e]
      }
    }
    if (tail < n) return this.findCycle()
    for (let i = n - 1; i >= 0; i--) {
      const t = order[i]
      let longest = 0
      for (let e = dependentStart[t]; e < dependentStart[t + 1]; e++) longest = Math.max(longest, this.critical[dependents[e]])
      this.critical[t] = this.durations[t] + longest
    }
    return undefined
  }

  private findCycle(): number[] {
    const {depStart, deps, remaining} = this
    const metAt = new Map<number, number>()
    const walk: number[] = []
    let t = remaining.findIndex((left) => left > 0)
    while (!metAt.has(t)) {
      metAt.set(t, walk.length)
      walk.push(t)
      let next = -1
      for (let e = depStart[t]; e < depStart[t + 1]; e++) {
        if (remaining[deps[e]] > 0) {
          next = deps[e]
          break
        }
      }
      t = next
    }
    return walk.slice(metAt.get(t))
  }

  dependentCount(task: number): number {
    return this.dependentStart[task + 1] - this.dependentStart[task]
  }

  private before(a: number, b: number): boolean {
    if (this.critical[a] !== this.critical[b]) return this.critical[a] > this.critical[b]
    const da = this.dependentCount(a)
    const db = this.dependentCount(b)
    if (da !== db) return da > db
    if (this.durations[a] !== this.durations[b]) return this.durations[a] > this.durations[b]
    return a < b
  }

  private push(t: number): void {
    let i = this.heapSize++
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.before(t, this.heap[parent])) break
      this.heap[i] = this.heap[parent]
      i = parent
    }
    this.heap[i] = t
  }

  start(): void {
    this.heapSize = 0
    for (let t = 0; t < this.taskCount; t++) {
      this.remaining[t] = this.depStart[t + 1] - this.depStart[t]
      if (this.remaining[t] === 0) this.push(t)
    }
  }

  pop(): number {
    if (this.heapSize === 0) return -1
    const {heap} = this
    const best = heap[0]
    const size = --this.heapSize
    if (size === 0) return best
    const last = heap[size]
    let i = 0
    for (;;) {
      let child = 2 * i + 1
      if (child >= size) break
      if (child + 1 < size && this.before(heap[child + 1], heap[child])) child++
      if (!this.before(heap[child], last)) break
      heap[i] = heap[child]
      i = child
    }
    heap[i] = last
    return best
  }

  complete(task: number): void {
    for (let e = this.dependentStart[task]; e < this.dependentStart[task + 1]; e++) {
      const d = this.dependents[e]
      if (--this.remaining[d] === 0) this.push(d)
    }
  }

  get readyCount(): number {
    return this.heapSize
  }
}
