/** Query results as text (one id a line), structured data, or a Graphviz digraph. */
import type {Graph} from '../pipeline.js'

export interface QueryResult {
  expression: string
  tasks: Array<{id: string; kind: string; recipe: string; deps: string[]; attrs: Record<string, string>}>
  /** Dependency edges between tasks of the result: [dependant, dependency]. */
  edges: Array<[string, string]>
}

export function queryResult(graph: Graph, expression: string, ids: string[]): QueryResult {
  const selected = new Set(ids)
  const tasks = ids.map((id) => {
    const task = graph.tasks.get(id)!
    return {id, kind: task.kind, recipe: task.recipe, deps: [...task.deps], attrs: {...task.attrs}}
  })
  const edges = tasks.flatMap((task) => task.deps.filter((dep) => selected.has(dep)).map((dep): [string, string] => [task.id, dep]))
  return {expression, tasks, edges}
}

export function formatText(result: QueryResult): string {
  return result.tasks.map((task) => task.id).join('\n')
}

const quoted = (value: string) => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`

/** Edges point from a task to what it depends on, as `bazel query --output graph` draws them. */
export function formatDot(result: QueryResult): string {
  const lines = ['digraph tck {', '  node [shape=box, fontname="sans-serif"];']
  for (const task of result.tasks) lines.push(`  ${quoted(task.id)} [label=${quoted(`${task.id}\n(${task.kind})`)}];`)
  for (const [from, to] of result.edges) lines.push(`  ${quoted(from)} -> ${quoted(to)};`)
  lines.push('}')
  return lines.join('\n')
}
