// Critical-path scheduling over a task graph that the host writes straight into this module's
// memory (CSR arrays), so no call copies the graph. Raw loads and stores, no GC objects: the
// module runs with the stub runtime and lays out its own arrays after __heap_base.
//
// Task t depends on deps[depStart[t] .. depStart[t+1]). A task's critical path is its duration
// plus the longest critical path among the tasks that depend on it (the way to the final sinks).

let taskCount: i32 = 0
let edgeCount: i32 = 0

// Inputs, written by the host.
let durations: usize = 0 // f64[n]
let depStart: usize = 0 // i32[n + 1]
let deps: usize = 0 // i32[m]
// Derived by analyze().
let dependentStart: usize = 0 // i32[n + 1]
let dependents: usize = 0 // i32[m]
let critical: usize = 0 // f64[n]
let order: usize = 0 // i32[n], topological order; doubles as the cycle report
let remaining: usize = 0 // i32[n], unfinished dependencies
let heap: usize = 0 // i32[n], ready tasks, best first
let heapSize: i32 = 0

@inline function i32At(base: usize, index: i32): i32 {
  return load<i32>(base + (<usize>index << 2))
}
@inline function setI32(base: usize, index: i32, value: i32): void {
  store<i32>(base + (<usize>index << 2), value)
}
@inline function f64At(base: usize, index: i32): f64 {
  return load<f64>(base + (<usize>index << 3))
}
@inline function setF64(base: usize, index: i32, value: f64): void {
  store<f64>(base + (<usize>index << 3), value)
}

/** Lays out every array for n tasks and m dependency edges, growing memory once. */
export function reserve(n: i32, m: i32): void {
  taskCount = n
  edgeCount = m
  let next: usize = (__heap_base + 7) & ~7
  durations = next
  next += <usize>n << 3
  critical = next
  next += <usize>n << 3
  depStart = next
  next += (<usize>n + 1) << 2
  dependentStart = next
  next += (<usize>n + 1) << 2
  deps = next
  next += <usize>m << 2
  dependents = next
  next += <usize>m << 2
  order = next
  next += <usize>n << 2
  remaining = next
  next += <usize>n << 2
  heap = next
  next += <usize>n << 2
  const needed = <i32>((next + 0xffff) >> 16)
  const have = memory.size()
  if (needed > have && memory.grow(needed - have) < 0) unreachable()
  memory.fill(depStart, 0, (<usize>n + 1) << 2)
  heapSize = 0
}

export function durationsPtr(): usize { return durations }
export function depStartPtr(): usize { return depStart }
export function depsPtr(): usize { return deps }
export function criticalPtr(): usize { return critical }
export function dependentStartPtr(): usize { return dependentStart }
export function cyclePtr(): usize { return order }

/**
 * Reverse edges, topological order (Kahn), critical paths. Returns 0, the length of one cycle,
 * or -1 when the CSR arrays are malformed (an index out of range would write past its array).
 */
export function analyze(): i32 {
  const n = taskCount
  if (i32At(depStart, 0) != 0 || i32At(depStart, n) != edgeCount) return -1
  for (let t = 0; t < n; t++) if (i32At(depStart, t + 1) < i32At(depStart, t)) return -1
  for (let e = 0; e < edgeCount; e++) if (<u32>i32At(deps, e) >= <u32>n) return -1
  memory.fill(dependentStart, 0, (<usize>n + 1) << 2)
  for (let e = 0; e < edgeCount; e++) {
    const dep = i32At(deps, e)
    setI32(dependentStart, dep + 1, i32At(dependentStart, dep + 1) + 1)
  }
  for (let t = 0; t < n; t++) setI32(dependentStart, t + 1, i32At(dependentStart, t + 1) + i32At(dependentStart, t))
  // remaining[] serves as the fill cursor of each task's dependents, then as its dependency count.
  for (let t = 0; t < n; t++) setI32(remaining, t, i32At(dependentStart, t))
  for (let t = 0; t < n; t++) {
    const end = i32At(depStart, t + 1)
    for (let e = i32At(depStart, t); e < end; e++) {
      const dep = i32At(deps, e)
      const slot = i32At(remaining, dep)
      setI32(dependents, slot, t)
      setI32(remaining, dep, slot + 1)
    }
  }
  let tail = 0
  for (let t = 0; t < n; t++) {
    const count = i32At(depStart, t + 1) - i32At(depStart, t)
    setI32(remaining, t, count)
    if (count == 0) setI32(order, tail++, t)
  }
  for (let head = 0; head < tail; head++) {
    const t = i32At(order, head)
    const end = i32At(dependentStart, t + 1)
    for (let e = i32At(dependentStart, t); e < end; e++) {
      const d = i32At(dependents, e)
      const left = i32At(remaining, d) - 1
      setI32(remaining, d, left)
      if (left == 0) setI32(order, tail++, d)
    }
  }
  if (tail < n) return findCycle()
  for (let i = n - 1; i >= 0; i--) {
    const t = i32At(order, i)
    let longest: f64 = 0
    const end = i32At(dependentStart, t + 1)
    for (let e = i32At(dependentStart, t); e < end; e++) {
      const path = f64At(critical, i32At(dependents, e))
      if (path > longest) longest = path
    }
    setF64(critical, t, f64At(durations, t) + longest)
  }
  return 0
}

/**
 * Tasks Kahn could not order still have remaining > 0, so each has an unordered dependency:
 * walking from one to such a dependency must come back to a task already on the walk.
 * The cycle is written to the start of order[], each task depending on the next.
 */
function findCycle(): i32 {
  const n = taskCount
  // remaining[] becomes the step at which the walk met a task (0: not met).
  let start = 0
  while (i32At(remaining, start) == 0) start++
  for (let t = 0; t < n; t++) setI32(remaining, t, i32At(remaining, t) > 0 ? -1 : 0)
  let t = start
  let step = 1
  while (i32At(remaining, t) < 0) {
    setI32(remaining, t, step)
    setI32(heap, step - 1, t)
    step++
    const end = i32At(depStart, t + 1)
    let next = -1
    for (let e = i32At(depStart, t); e < end; e++) {
      const dep = i32At(deps, e)
      if (i32At(remaining, dep) != 0) {
        next = dep
        break
      }
    }
    t = next
  }
  const first = i32At(remaining, t) - 1
  const length = step - 1 - first
  for (let i = 0; i < length; i++) setI32(order, i, i32At(heap, first + i))
  return length
}

// Ready queue: a binary heap, best first by critical path, then number of dependents, then
// duration; the lower index wins a full tie, so the order is deterministic.
@inline function before(a: i32, b: i32): bool {
  const ca = f64At(critical, a)
  const cb = f64At(critical, b)
  if (ca != cb) return ca > cb
  const da = i32At(dependentStart, a + 1) - i32At(dependentStart, a)
  const db = i32At(dependentStart, b + 1) - i32At(dependentStart, b)
  if (da != db) return da > db
  const ta = f64At(durations, a)
  const tb = f64At(durations, b)
  if (ta != tb) return ta > tb
  return a < b
}

function push(t: i32): void {
  let i = heapSize++
  while (i > 0) {
    const parent = (i - 1) >> 1
    const p = i32At(heap, parent)
    if (!before(t, p)) break
    setI32(heap, i, p)
    i = parent
  }
  setI32(heap, i, t)
}

/** Resets every task to not started and queues those without dependencies; returns how many. */
export function start(): i32 {
  heapSize = 0
  for (let t = 0; t < taskCount; t++) {
    const count = i32At(depStart, t + 1) - i32At(depStart, t)
    setI32(remaining, t, count)
    if (count == 0) push(t)
  }
  return heapSize
}

/** The best ready task, or -1 when none is ready. */
export function pop(): i32 {
  if (heapSize == 0) return -1
  const best = i32At(heap, 0)
  const size = --heapSize
  if (size == 0) return best
  const last = i32At(heap, size)
  let i = 0
  for (;;) {
    let child = (i << 1) + 1
    if (child >= size) break
    let c = i32At(heap, child)
    if (child + 1 < size) {
      const right = i32At(heap, child + 1)
      if (before(right, c)) {
        child++
        c = right
      }
    }
    if (!before(c, last)) break
    setI32(heap, i, c)
    i = child
  }
  setI32(heap, i, last)
  return best
}

/** Marks a popped task done and queues the dependents it releases; returns how many. */
export function complete(t: i32): i32 {
  let released = 0
  const end = i32At(dependentStart, t + 1)
  for (let e = i32At(dependentStart, t); e < end; e++) {
    const d = i32At(dependents, e)
    const left = i32At(remaining, d) - 1
    setI32(remaining, d, left)
    if (left == 0) {
      push(d)
      released++
    }
  }
  return released
}

export function readyCount(): i32 {
  return heapSize
}
