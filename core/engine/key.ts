/** The action key: SHA-256 over a canonical encoding of everything that can change a task's result. */
import {statSync, type BigIntStats} from 'node:fs'
import {join} from 'node:path'
import {glob} from 'tinyglobby'
import type {KeyParts, TaskSpec} from '../contracts/task.js'
import {TckError} from '../errors.js'
import {sha256} from '../io/digest.js'
import {digestCache} from '../io/digest-cache.js'
import type {BuildContext} from '../pipeline.js'
import type {Registries} from '../registries.js'
import {toolKeyParts, toolsOf} from './tools.js'

/** Variables every task sees; they are part of its key like any other passed variable. */
export const ALWAYS_PASSED = ['PATH']

function statOrUndefined(path: string) {
  try {
    return statSync(path, {bigint: true})
  } catch {
    return undefined
  }
}

/** The task's input files, sorted; `stats` receives the stat data of files named directly, so they are not stat'ed twice. */
export async function expandInputs(root: string, task: TaskSpec, stats?: Map<string, BigIntStats>): Promise<string[]> {
  const files = new Set<string>()
  for (const pattern of task.inputs) {
    const isGlob = /[*?[{]/.test(pattern)
    if (!isGlob) {
      // Synchronous: one stat per input of every task, and the promise version costs several times more CPU.
      const info = statOrUndefined(join(root, pattern))
      if (!info) {
        throw new TckError('TASK_FAILED', `task "${task.id}": input ${pattern} does not exist`, {
          hint: 'Create it, or fix the path in the task\'s inputs.',
        })
      }
      if (info.isFile()) {
        files.add(pattern)
        stats?.set(pattern, info)
        continue
      }
    }
    const base = isGlob ? pattern : `${pattern.replace(/\/$/, '')}/**`
    for (const file of await glob(base, {cwd: root, onlyFiles: true, dot: true})) files.add(file)
  }
  return [...files].sort()
}

export function passedEnv(task: TaskSpec): Record<string, string> {
  const env: Record<string, string> = {}
  for (const name of [...ALWAYS_PASSED, ...task.envPass]) {
    const value = process.env[name]
    if (value !== undefined) env[name] = value
  }
  return {...env, ...task.env}
}

/**
 * `tool:<name>` and `compiler:<name>` are the programs the task runs (see tools.ts). `dep:<id>` is
 * the dependency's action key (what `tck explain` follows); `outputs-of:<id>` is the digest of the
 * outputs it left, which also changes when a non-cacheable dependency's output does.
 */
export async function baseKeyParts(
  build: BuildContext,
  registries: Registries,
  task: TaskSpec,
  depKeys: Map<string, string>,
  depOutputs: Map<string, string> = new Map(),
): Promise<KeyParts> {
  const {root} = build
  const parts: KeyParts = [['command', JSON.stringify(task.command)], ['cwd', task.cwd ?? '.']]
  const env = passedEnv(task)
  for (const name of Object.keys(env).sort()) parts.push([`env:${name}`, env[name]])
  const tools = toolsOf(task)
  if (tools.length > 0) parts.push(...(await toolKeyParts(build, registries, tools, env.PATH, join(root, task.cwd ?? '.'))))
  const digests = await digestCache(root)
  const stats = new Map<string, BigIntStats>()
  for (const file of await expandInputs(root, task, stats)) parts.push([`input:${file}`, await digests.of(join(root, file), stats.get(file))])
  for (const dep of [...task.deps].sort()) {
    parts.push([`dep:${dep}`, depKeys.get(dep) ?? ''])
    parts.push([`outputs-of:${dep}`, depOutputs.get(dep) ?? ''])
  }
  parts.push(['outputs', JSON.stringify([...task.outputs].sort())])
  parts.push(executorKeyPart(build, registries, task))
  return parts
}

/** `executor:<name>` with what of the executor's settings can change the result (Executor.identity). */
function executorKeyPart(build: BuildContext, registries: Registries, task: TaskSpec): [string, string] {
  const name = task.executor ?? build.config.executor
  const executor = registries.executor.has(name) ? registries.executor.get(name) : undefined
  return [`executor:${name}`, executor?.identity?.(task, build) ?? '']
}

/** Canonical: one JSON array of [name, value] pairs, in the order the hooks left them. */
export function actionKey(parts: KeyParts): string {
  return sha256(JSON.stringify(parts))
}
