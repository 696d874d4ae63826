/** Recipes to a checked task graph: unique ids, every dependency known, no cycle. */
import type {Recipe, TaskSpec} from '../contracts/task.js'
import {TckError} from '../errors.js'
import type {Graph} from '../pipeline.js'

function where(task: TaskSpec): string {
  return task.location ? `${task.location.file}${task.location.line ? `:${task.location.line}` : ''}: ` : ''
}

/** Depth-first topological order; a cycle is reported by task names, in order. */
export function topologicalOrder(tasks: Map<string, TaskSpec>): string[] {
  const order: string[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const stack: string[] = []
  const visit = (id: string): void => {
    const seen = state.get(id)
    if (seen === 'done') return
    if (seen === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(id)), id].join(' -> ')
      throw new TckError('GRAPH_INVALID', `dependency cycle: ${cycle}`, {hint: 'Remove one of these dependencies.'})
    }
    state.set(id, 'visiting')
    stack.push(id)
    for (const dep of tasks.get(id)!.deps) visit(dep)
    stack.pop()
    state.set(id, 'done')
    order.push(id)
  }
  for (const id of tasks.keys()) visit(id)
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
  const wanted = new Set<string>()
  const add = (id: string): void => {
    if (wanted.has(id)) return
    const task = graph.tasks.get(id)
    if (!task) {
      throw new TckError('USAGE', `no task "${id}"`, {hint: `Known tasks: ${[...graph.tasks.keys()].slice(0, 20).join(', ')}`})
    }
    wanted.add(id)
    task.deps.forEach(add)
  }
  targets.forEach(add)
  return {tasks: new Map([...graph.tasks].filter(([id]) => wanted.has(id))), order: graph.order.filter((id) => wanted.has(id))}
}
