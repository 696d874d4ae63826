/** Recipes to a checked task graph: unique ids, every dependency known, no cycle. */
import type {Recipe, TaskSpec} from '../contracts/task.js'
import {TckError} from '../errors.js'
import type {Graph} from '../pipeline.js'

function where(task: TaskSpec): string {
  return task.location ? `${task.location.file}${task.location.line ? `:${task.location.line}` : ''}: ` : ''
}

/**
 * Depth-first topological order; a cycle is reported by task names, in order. The depth-first
 * walk keeps its own stack: recursion overflows the call stack on a chain of 10,000 tasks.
 */
export function topologicalOrder(tasks: Map<string, TaskSpec>): string[] {
  const order: string[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const path: Array<{id: string; next: number}> = []
  const enter = (id: string) => {
    state.set(id, 'visiting')
    path.push({id, next: 0})
  }
  for (const root of tasks.keys()) {
    if (state.has(root)) continue
    enter(root)
    while (path.length > 0) {
      const frame = path[path.length - 1]
      const deps = tasks.get(frame.id)!.deps
      if (frame.next === deps.length) {
        path.pop()
        state.set(frame.id, 'done')
        order.push(frame.id)
        continue
      }
      const dep = deps[frame.next++]
      const seen = state.get(dep)
      if (seen === 'visiting') {
        const cycle = [...path.slice(path.findIndex(({id}) => id === dep)).map(({id}) => id), dep].join(' -> ')
        throw new TckError('GRAPH_INVALID', `dependency cycle: ${cycle}`, {hint: 'Remove one of these dependencies.'})
      }
      if (seen !== 'done') enter(dep)
    }
  }
  return order
}

export function buildGraph(recipes: Recipe[]): Graph {
  const tasks = new Map<string, TaskSpec>()
  for (const recipe of recipes) {
    for (const task of recipe.tasks) {
      const existing = tasks.get(task.id)
      if (existing) {
        throw new TckError('GRAPH_INVALID', `${where(task)}task "${task.id}" is declared twice (also in ${existing.recipe})`)
      }
      tasks.set(task.id, task)
    }
  }
  for (const task of tasks.values()) {
    for (const dep of task.deps) {
      if (!tasks.has(dep)) {
        throw new TckError('GRAPH_INVALID', `${where(task)}task "${task.id}" depends on unknown task "${dep}"`)
      }
    }
  }
  return {tasks, order: topologicalOrder(tasks)}
}

/** The tasks needed for `targets` (all when empty), in execution order. */
export function selectTargets(graph: Graph, targets: string[]): Graph {
  if (targets.length === 0) return graph
  for (const id of targets) {
    if (!graph.tasks.has(id)) {
      throw new TckError('USAGE', `no task "${id}"`, {hint: `Known tasks: ${[...graph.tasks.keys()].slice(0, 20).join(', ')}`})
    }
  }
  const wanted = new Set<string>()
  const pending = [...targets]
  while (pending.length > 0) {
    const id = pending.pop()!
    if (wanted.has(id)) continue
    wanted.add(id)
    for (const dep of graph.tasks.get(id)!.deps) pending.push(dep)
  }
  return {tasks: new Map([...graph.tasks].filter(([id]) => wanted.has(id))), order: graph.order.filter((id) => wanted.has(id))}
}
