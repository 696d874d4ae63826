/** The critical path of an executed graph: the chain of dependencies with the largest total duration. */

export interface TimedNode {
  id: string
  deps: string[]
  durationMs: number
}

export interface CriticalPath {
  /** From the first task to the last. */
  tasks: string[]
  durationMs: number
}

/** `nodes` in dependency order (every dependency before its dependants); unknown dependencies are ignored. */
export function criticalPath(nodes: TimedNode[]): CriticalPath {
  const finish = new Map<string, number>()
  const via = new Map<string, string>()
  let last: string | undefined
  for (const node of nodes) {
    let before = 0
    let from: string | undefined
    for (const dep of node.deps) {
      const at = finish.get(dep)
      // Strictly later: on a tie the first dependency stays, so the path is the same on every run.
      if (at !== undefined && (from === undefined || at > before)) {
        before = at
        from = dep
      }
    }
    if (from !== undefined) via.set(node.id, from)
    const end = before + Math.max(0, node.durationMs)
    finish.set(node.id, end)
    if (last === undefined || end > finish.get(last)!) last = node.id
  }
  if (last === undefined) return {tasks: [], durationMs: 0}
  const tasks: string[] = []
  for (let id: string | undefined = last; id !== undefined; id = via.get(id)) tasks.push(id)
  return {tasks: tasks.reverse(), durationMs: finish.get(last)!}
}
