/**
 * The rule for a task's `cwd`, `inputs` and `outputs`, wherever the task comes from (tck.config,
 * a recipe parser): each is a path relative to the project root that stays inside it. An absolute
 * input is refused, not looked up under the root and reported missing; the programs a task runs
 * are keyed through `tools`, not inputs.
 */
import {isAbsolute, normalize, sep} from 'node:path'
import type {TaskSpec} from '../contracts/task.js'
import {TckError} from '../errors.js'

export type PathField = 'cwd' | 'inputs' | 'outputs'

export const PATH_RULE = 'a path relative to the project root that stays inside it'

/** Neither absolute nor starting with a dot, no `..` and no NUL: inside, without normalizing (10,000 tasks are checked on every build). */
const PLAINLY_INSIDE = /^(?![./])(?!.*\.\.)[^\0]+$/

/** What is wrong with `path` as a task's `field`, or undefined when it follows the rule. */
export function taskPathProblem(field: PathField, path: string): string | undefined {
  if (PLAINLY_INSIDE.test(path)) return undefined
  if (path.includes('\0')) return `"${path.replace(/\0/g, '\\0')}" has a NUL byte`
  if (isAbsolute(path)) return `"${path}" is absolute; it must be ${PATH_RULE}`
  const clean = normalize(path).replace(/(.)\/+$/, '$1')
  if (clean === '..' || clean.startsWith(`..${sep}`)) return `"${path}" leaves the project; it must be ${PATH_RULE}`
  if (field === 'outputs' && clean === '.') return `"${path}" is the project root itself; declare the files or directories the task writes`
  return undefined
}

/**
 * Throws CONFIG_INVALID naming the task, the field and the rule: for tasks recipe parsers produce.
 * `absoluteCwd`: the task may run in a directory outside the project (it still reads and writes only inside).
 */
export function checkTaskPaths(task: Pick<TaskSpec, 'id' | 'cwd' | 'inputs' | 'outputs' | 'location'>, options: {absoluteCwd?: boolean} = {}): void {
  const cwd = task.cwd === undefined || (options.absoluteCwd && isAbsolute(task.cwd)) ? [] : [task.cwd]
  const fields: Array<[PathField, string[]]> = [['cwd', cwd], ['inputs', task.inputs], ['outputs', task.outputs]]
  for (const [field, paths] of fields) {
    for (const path of paths) {
      const problem = taskPathProblem(field, path)
      if (!problem) continue
      const where = task.location ? `${task.location.file}${task.location.line ? `:${task.location.line}` : ''}: ` : ''
      throw new TckError('CONFIG_INVALID', `${where}task "${task.id}": ${field} ${problem}`, {
        hint: 'Tasks read and write only inside the project; for a system program the task runs, list it in `tools`.',
      })
    }
  }
}
