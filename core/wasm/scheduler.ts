/**
 * Typed façade over wasm/build/scheduler.wasm, instantiated through @assemblyscript/loader (which
 * supplies the imports AssemblyScript's standard library expects: abort, trace, seed). Each graph
 * gets its own instance (its own memory); the caller fills the graph through typed-array views of
 * that memory, so analysis and the ready queue never copy it. Compiled once per process,
 * synchronously: the module is a few KiB.
 */
import {existsSync, readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {instantiateSync, type ResultObject} from '@assemblyscript/loader'
import {TckError} from '../errors.js'

type CompiledModule = ResultObject['module']

interface SchedulerExports extends Record<string, unknown> {
  memory: {buffer: ArrayBuffer}
  reserve(taskCount: number, edgeCount: number): void
  durationsPtr(): number
  depStartPtr(): number
  depsPtr(): number
  criticalPtr(): number
  dependentStartPtr(): number
  cyclePtr(): number
  analyze(): number
  start(): number
  pop(): number
  complete(task: number): number
  readyCount(): number
}

/** The graph in WASM memory: fill `durations`, `depStart` and `deps` (CSR), then `analyze()`. */
export interface ScheduleGraph {
  readonly taskCount: number
  /** Estimated duration of each task. */
  readonly durations: Float64Array
  /** Task t depends on deps[depStart[t] .. depStart[t + 1]); depStart[0] is 0. */
  readonly depStart: Int32Array
  readonly deps: Int32Array
  /** Longest weighted path from each task to a sink; valid after a successful `analyze()`. */
  readonly critical: Float64Array
  /** Orders the graph; returns one cycle (each task depends on the next) or undefined; throws on malformed arrays. */
  analyze(): number[] | undefined
  dependentCount(task: number): number
  /** Resets the ready queue to the tasks without dependencies. */
  start(): void
  /** The best ready task, or -1. */
  pop(): number
  /** A popped task finished: its dependents whose dependencies are all done become ready. */
  complete(task: number): void
  readonly readyCount: number
}

// dist/core/wasm/ (built), core/wasm/ (tests under tsx) and dist/core/fast.bundle.js (the fast start) sit at different depths.
const candidates = ['../../../wasm/build/scheduler.wasm', '../../wasm/build/scheduler.wasm'].map((path) =>
  fileURLToPath(new URL(path, import.meta.url)),
)

let compiled: CompiledModule | undefined

function moduleBytes(): Buffer {
  const path = candidates.find((candidate) => existsSync(candidate))
  if (!path) {
    throw new TckError('IO', `the WASM scheduler is not built (looked for ${candidates.join(', ')})`, {
      hint: 'Run `npm run build` (it compiles wasm/ with AssemblyScript).',
    })
  }
  return readFileSync(path)
}

/**
 * A fresh instance. The loader's `exports` wrap each function to pass an argument count, which
 * these fixed-arity functions never read; the hot loop (pop, complete) calls the instance's own.
 */
function instantiate(): SchedulerExports {
  const {module, instance} = instantiateSync<SchedulerExports>(compiled ?? moduleBytes())
  compiled = module
  return instance.exports as unknown as SchedulerExports
}

/** For `tck doctor`: compiles the module and proves it instantiates. */
export async function loadScheduler(): Promise<CompiledModule> {
  instantiate()
  return compiled!
}

export function createScheduleGraph(taskCount: number, edgeCount: number): ScheduleGraph {
  const wasm = instantiate()
  wasm.reserve(taskCount, edgeCount)
  // Every growth of memory happens in reserve(), so these views stay attached from here on.
  const buffer = wasm.memory.buffer
  const durations = new Float64Array(buffer, wasm.durationsPtr() >>> 0, taskCount)
  const depStart = new Int32Array(buffer, wasm.depStartPtr() >>> 0, taskCount + 1)
  const deps = new Int32Array(buffer, wasm.depsPtr() >>> 0, edgeCount)
  const critical = new Float64Array(buffer, wasm.criticalPtr() >>> 0, taskCount)
  const dependentStart = new Int32Array(buffer, wasm.dependentStartPtr() >>> 0, taskCount + 1)
  return {
    taskCount,
    durations,
    depStart,
    deps,
    critical,
    analyze() {
      const length = wasm.analyze()
      if (length < 0) throw new Error('schedule graph is malformed: depStart must rise from 0 to the edge count, every dep must name a task')
      if (length === 0) return undefined
      return [...new Int32Array(buffer, wasm.cyclePtr() >>> 0, length)]
    },
    dependentCount: (task) => dependentStart[task + 1] - dependentStart[task],
    start: () => void wasm.start(),
    pop: () => wasm.pop(),
    complete: (task) => void wasm.complete(task),
    get readyCount() {
      return wasm.readyCount()
    },
  }
}
