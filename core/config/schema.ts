/** The shape of `tck.config.*`. Unknown keys are errors, so a typo is caught, not ignored. */
import {z} from 'zod'
import type {Register} from '../plugins/context.js'
import {taskPathProblem, type PathField} from './task-paths.js'

const stringList = z.array(z.string())

/** A list of project paths (see task-paths.ts): each one stays inside the project. */
const pathList = (field: PathField) => z.array(projectPath(field))
function projectPath(field: PathField) {
  return z.string().superRefine((path, context) => {
    const problem = taskPathProblem(field, path)
    if (problem) context.addIssue({code: z.ZodIssueCode.custom, message: problem})
  })
}

export const taskSchema = z
  .object({
    /** A shell script (string) or an argv (array). */
    run: z.union([z.string().min(1), z.array(z.string()).nonempty()]),
    kind: z.string().default('task'),
    cwd: projectPath('cwd').optional(),
    deps: stringList.default([]),
    inputs: pathList('inputs').default([]),
    outputs: pathList('outputs').default([]),
    env: z.record(z.string()).default({}),
    envPass: stringList.default([]),
    /** Programs in the key; absent: an argv's program, none for a script (see TaskSpec.tools). */
    tools: z.array(z.string().min(1)).optional(),
    cache: z.boolean().default(true),
    retries: z.number().int().min(0).max(10).default(0),
    executor: z.string().optional(),
    network: z.boolean().default(false),
    resources: z
      .object({
        cpuSeconds: z.number().positive().optional(),
        memoryMiB: z.number().positive().optional(),
        pids: z.number().int().positive().optional(),
      })
      .strict()
      .default({}),
    attrs: z.record(z.string()).default({}),
  })
  .strict()

export const cacheLevelSchema = z
  .object({
    provider: z.string(),
    readOnly: z.boolean().default(false),
  })
  .passthrough()

export const configSchema = z
  .object({
    /** Parallel tasks; the number of cores when absent. */
    jobs: z.number().int().positive().optional(),
    /** The default executor for tasks that name none. */
    executor: z.string().default('local'),
    /** Store levels, local first; the bundled local store when absent. */
    cache: z.object({levels: z.array(cacheLevelSchema)}).strict().optional(),
    tasks: z.record(taskSchema).default({}),
    /** Defaults for `tck run` (C scripts): checked by the plugin that runs them when the config loads. */
    run: z.record(z.unknown()).optional(),
    /** Settings read by plugins, by plugin short name. */
    plugins: z.record(z.record(z.unknown())).default({}),
    /** The config as a plugin: taps hooks and registers providers, exactly like a plugin's tck:register. */
    register: z.custom<Register>((value) => typeof value === 'function', {message: 'Expected a function'}).optional(),
  })
  .strict()

export type TckConfig = z.infer<typeof configSchema>
export type TaskConfig = z.infer<typeof taskSchema>
