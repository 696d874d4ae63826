/**
 * After an interrupt, a task that was killed mid-run may have left a half-written output. Like
 * make's "deleting file", remove what it declared, so the next build runs it instead of trusting
 * a truncated file. The store is never touched: it only ever receives whole, renamed files.
 * An output whose path goes through a symlink is left alone: removing it would reach outside.
 */
import {rm} from 'node:fs/promises'
import {join} from 'node:path'
import type {TaskSpec} from '../contracts/task.js'
import {linkOnTheWay, projectRelative} from '../store/paths.js'

const isGlob = (path: string) => /[*?[{]/.test(path)

export async function removePartialOutputs(root: string, task: TaskSpec): Promise<string[]> {
  const removed: string[] = []
  for (const output of task.outputs) {
    if (isGlob(output)) continue
    const inside = projectRelative(root, output)
    if (inside === undefined || linkOnTheWay(root, inside) !== undefined) continue
    await rm(join(root, inside), {recursive: true, force: true})
    removed.push(inside)
  }
  return removed
}
