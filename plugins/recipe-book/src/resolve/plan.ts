/**
 * The build order: a topological order of the resolved packages over their build dependencies,
 * which keeps the book's own order wherever the dependencies allow (a reader of the book can
 * follow it). A cycle is an error that prints the whole cycle with the kind of each link.
 */
import {bookError} from '../runtime.js'
import type {BookIndex} from './index.js'
import type {Node, Resolution} from './resolve.js'

export interface Plan {
  book: string
  targets: string[]
  /** In build order. */
  items: Node[]
  warnings: string[]
}

export function buildDependencies(node: Node): string[] {
  return [...new Set(node.edges.filter((edge) => edge.order === 'build').map((edge) => edge.to))]
}

function findCycle(nodes: Map<string, Node>, remaining: Set<string>): string {
  // Every remaining node has a remaining build dependency, so walking them must come back.
  const start = [...remaining][0]
  const seen = new Map<string, number>()
  const path: Array<{key: string; kind: string}> = []
  let key = start
  while (!seen.has(key)) {
    seen.set(key, path.length)
    const edge = nodes.get(key)!.edges.find((candidate) => candidate.order === 'build' && remaining.has(candidate.to))!
    path.push({key, kind: edge.dependency.kind})
    key = edge.to
  }
  const cycle = path.slice(seen.get(key)!)
  return [...cycle.map((step, index) => (index === 0 ? step.key : `${step.key} (${cycle[index - 1].kind})`)), `${cycle[0].key} (${cycle.at(-1)!.kind})`].join(' -> ')
}

export function orderPlan(index: BookIndex, resolution: Resolution): Plan {
  const {nodes} = resolution
  const waiting = new Map<string, number>()
  const dependants = new Map<string, string[]>()
  for (const node of nodes.values()) {
    const deps = buildDependencies(node)
    waiting.set(node.key, deps.length)
    for (const dep of deps) dependants.set(dep, [...(dependants.get(dep) ?? []), node.key])
  }
  const position = (key: string) => index.position.get(nodes.get(key)!.pkg)!
  const ready = [...nodes.keys()].filter((key) => waiting.get(key) === 0)
  const items: Node[] = []
  while (ready.length > 0) {
    // Earliest in the book first: n is at most a few thousand, so a sort per step is cheap enough.
    ready.sort((a, b) => position(a) - position(b))
    const key = ready.shift()!
    items.push(nodes.get(key)!)
    for (const dependant of dependants.get(key) ?? []) {
      const left = waiting.get(dependant)! - 1
      waiting.set(dependant, left)
      if (left === 0) ready.push(dependant)
    }
  }
  if (items.length < nodes.size) {
    const remaining = new Set([...nodes.keys()].filter((key) => !items.some((item) => item.key === key)))
    throw bookError(
      'GRAPH_INVALID',
      `dependency cycle in book ${index.book.name}: ${findCycle(nodes, remaining)}`,
      'Break it with a build pass: give one of these packages a first pass (`pass: 1`) without the dependency that closes the cycle, and depend on it as NAME:1; or switch that recommended/optional dependency off (docs/books.md).',
    )
  }
  return {book: index.book.name, targets: resolution.targets, items, warnings: resolution.warnings}
}
