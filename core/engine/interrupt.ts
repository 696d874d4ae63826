/**
 * After an interrupt, a task that was killed mid-run may have left a half-written output. Like
 * make's "deleting file", remove what it declared, so the next build runs it instead of trusting
 * a truncated file. The store is never touched: it only ever receives whole, renamed files.
 */
import {rm} from 'node:fs/promises'
import {isAbsolute, relative, resolve} from 'node:path'
import type {TaskSpec} from '../contracts/task.js'

const isGlob = (path: string) => /[*?[{]/.test(path)

export async function removePartialOutputs(root: string, task: TaskSpec): Promise<string[]> {
  const removed: string[] = []
  for (const output of task.outputs) {
    if (isGlob(output)) continue
    const path = resolve(root, output)
    const inside = relative(root, path)
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) continue
    await rm(path, {recursive: true, force: true})
    removed.push(inside)
  }
  return removed
}
