/** Evaluates a parsed query over the task graph; every result is a set of task ids. */
import type {TaskSpec} from '../contracts/task.js'
import type {Graph} from '../pipeline.js'
import {queryError} from './lexer.js'
import type {QueryExpr} from './parser.js'

type Ids = Set<string>

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')
  return new RegExp(`^${body}$`)
}

function builtinAttr(task: TaskSpec, name: string): string | undefined {
  switch (name) {
    case 'recipe':
      return task.recipe
    case 'kind':
      return task.kind
    case 'executor':
      return task.executor
    case 'cwd':
      return task.cwd
    case 'cacheable':
      return String(task.cacheable)
    default:
      return undefined
  }
}

export function evaluateQuery(graph: Graph, expression: string, ast: QueryExpr): Ids {
  const dependents = new Map<string, string[]>()
  for (const [id, task] of graph.tasks) {
    for (const dep of task.deps) {
      const list = dependents.get(dep)
      if (list) list.push(id)
      else dependents.set(dep, [id])
    }
  }
  const depsOf = (id: string) => graph.tasks.get(id)!.deps
  const dependentsOf = (id: string) => dependents.get(id) ?? []

  /** Breadth-first from `start` along `next`, at most `depth` steps, staying inside `within` when given. */
  const reach = (start: Ids, next: (id: string) => string[], depth = Infinity, within?: Ids): Ids => {
    const seen = new Set([...start].filter((id) => !within || within.has(id)))
    let frontier = [...seen]
    for (let step = 0; step < depth && frontier.length > 0; step++) {
      const following: string[] = []
      for (const id of frontier) {
        for (const other of next(id)) {
          if (seen.has(other) || (within && !within.has(other))) continue
          seen.add(other)
          following.push(other)
        }
      }
      frontier = following
    }
    return seen
  }

  const regExp = (pattern: string, column: number) => {
    try {
      return new RegExp(pattern)
    } catch (error) {
      throw queryError(expression, column, `invalid regular expression: ${(error as Error).message}`)
    }
  }

  const evaluate = (node: QueryExpr): Ids => {
    switch (node.type) {
      case 'word': {
        if (graph.tasks.has(node.value)) return new Set([node.value])
        if (!node.quoted && /[*?]/.test(node.value)) {
          const pattern = globToRegExp(node.value)
          return new Set([...graph.tasks.keys()].filter((id) => pattern.test(id)))
        }
        const near = [...graph.tasks.keys()].filter((id) => id.includes(node.value) || distance(id, node.value) <= 2).slice(0, 5)
        const glued = /[+-]/.test(node.value) && node.value.split(/[+-]/).every((part) => graph.tasks.has(part))
        throw queryError(expression, node.column, `no task "${node.value}"`,
          glued ? 'Put spaces around + and -: inside a word they are part of the task id.'
            : near.length > 0 ? `Did you mean ${near.join(', ')}?` : 'List the tasks with: tck query "*"')
      }
      case 'set': {
        const left = evaluate(node.left)
        const right = evaluate(node.right)
        if (node.op === 'union') return new Set([...left, ...right])
        if (node.op === 'intersect') return new Set([...left].filter((id) => right.has(id)))
        return new Set([...left].filter((id) => !right.has(id)))
      }
      case 'deps':
        return reach(evaluate(node.of), depsOf, node.depth)
      case 'rdeps': {
        // As in Bazel: the reverse dependencies of x within the transitive closure of the universe.
        const universe = reach(evaluate(node.universe), depsOf)
        return reach(evaluate(node.of), dependentsOf, node.depth, universe)
      }
      case 'allpaths': {
        const from = reach(evaluate(node.from), depsOf)
        const to = reach(evaluate(node.to), dependentsOf)
        return new Set([...from].filter((id) => to.has(id)))
      }
      case 'somepath':
        return somePath(evaluate(node.from), evaluate(node.to), depsOf)
      case 'kind': {
        const pattern = regExp(node.pattern, node.patternColumn)
        return new Set([...evaluate(node.of)].filter((id) => pattern.test(graph.tasks.get(id)!.kind)))
      }
      case 'attr': {
        const pattern = regExp(node.pattern, node.patternColumn)
        return new Set([...evaluate(node.of)].filter((id) => {
          const task = graph.tasks.get(id)!
          const value = task.attrs[node.name] ?? builtinAttr(task, node.name)
          return value !== undefined && pattern.test(value)
        }))
      }
    }
  }
  return evaluate(ast)
}

/** Edit distance, for "did you mean" when a task id has a typo. */
function distance(a: string, b: string): number {
  let row = Array.from({length: b.length + 1}, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const next = [i]
    for (let j = 1; j <= b.length; j++) next[j] = Math.min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1))
    row = next
  }
  return row[b.length]
}

/** One shortest path from any of `from` down its dependencies to any of `to`; empty when there is none. */
function somePath(from: Ids, to: Ids, depsOf: (id: string) => string[]): Ids {
  const cameFrom = new Map<string, string | undefined>()
  const queue = [...from]
  for (const id of queue) cameFrom.set(id, undefined)
  for (let head = 0; head < queue.length; head++) {
    const id = queue[head]
    if (to.has(id)) {
      const path: string[] = []
      for (let at: string | undefined = id; at !== undefined; at = cameFrom.get(at)) path.push(at)
      return new Set(path.reverse())
    }
    for (const dep of depsOf(id)) {
      if (cameFrom.has(dep)) continue
      cameFrom.set(dep, id)
      queue.push(dep)
    }
  }
  return new Set()
}

/** The result in the graph's execution order, so output is stable and dependencies come first. */
export function ordered(graph: Graph, ids: Ids): string[] {
  return graph.order.filter((id) => ids.has(id))
}
