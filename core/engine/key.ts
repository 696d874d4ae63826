/**
 * The action key: SHA-256 over a canonical encoding of everything that can change a task's
 * result, taken from the request the keyed taps left (what actually runs), not from the spec.
 * A compile task's key has two halves: the base (command, environment, programs, inputs,
 * dependencies, the plugins that can change it) and what the compiler read last time with that
 * base (reads.ts), so a header edited under /usr/include is a new key too.
 */
import {statSync, type BigIntStats} from 'node:fs'
import {isAbsolute, join, relative, resolve} from 'node:path'
import {glob} from 'tinyglobby'
import type {CommandReads} from '../contracts/compiler.js'
import type {ExecRequest, KeyPart, TaskSpec} from '../contracts/task.js'
import {TckError} from '../errors.js'
import {sha256} from '../io/digest.js'
import type {BuildContext} from '../pipeline.js'
import type {Build} from './build.js'
import type {Observations} from './unchanged/observe.js'
import {fromRoot, loadManifest, readParts, type ReadSet, type ReadsManifest} from './reads.js'
import {contentOf, DEFAULT_PATH, identifyTool, toolsOf, type ToolKey} from './tools.js'

/** Bumped when what the key covers, or how it is encoded, changes: older entries are then simply misses. */
export const KEY_FORMAT = 'tck-key/2'

/** Variables every task sees; they are part of its key like any other passed variable. */
export const ALWAYS_PASSED = ['PATH']

function statOrUndefined(path: string) {
  try {
    return statSync(path, {bigint: true})
  } catch {
    return undefined
  }
}

/** The input files of `patterns`, sorted; `stats` receives the stat data of files named directly, so they are not stat'ed twice. */
export async function expandInputs(root: string, taskId: string, patterns: readonly string[], stats?: Map<string, BigIntStats>, observed?: Pick<Observations, 'glob'>): Promise<string[]> {
  const files = new Set<string>()
  for (const pattern of patterns) {
    const isGlob = /[*?[{]/.test(pattern)
    if (!isGlob) {
      // Synchronous: one stat per input of every task, and the promise version costs several times more CPU.
      const info = statOrUndefined(join(root, pattern))
      if (!info) {
        throw new TckError('TASK_FAILED', `task "${taskId}": input ${pattern} does not exist`, {
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
    const options = {cwd: root, onlyFiles: true, dot: true}
    const found = await glob(base, options)
    observed?.glob([base], options)
    for (const file of found) files.add(file)
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

/** The request a task's spec makes, before the keyed `requestCreated` taps. */
export function execRequest(build: BuildContext, task: TaskSpec, stdio: ExecRequest['stdio']): ExecRequest {
  const argv = 'argv' in task.command ? [...task.command.argv] : [task.command.shell ?? '/bin/sh', '-ec', task.command.script]
  return {
    argv,
    cwd: resolve(build.root, task.cwd ?? '.'),
    root: build.root,
    env: passedEnv(task),
    stdio,
    inputs: [...task.inputs],
    outputs: task.outputs,
    resources: task.resources,
    executor: task.executor ?? build.config.executor,
  }
}

/** One key a task may have: its parts, and for a compile the read set they came from. */
export interface KeyCandidate {
  parts: KeyPart[]
  key: string
  set?: ReadSet
}

/** What the key of one task was computed from, kept for running it (a compiler's reads) and for explain. */
export interface TaskKey {
  /** The parts of everything but a compiler's reads, after the computeKey taps. */
  base: KeyPart[]
  /** The key over the base parts alone; a compile task's reads are kept under it. */
  baseKey: string
  /** The keys to look for, most recent read set first; empty when what a compile reads is not known (then it runs). */
  candidates: KeyCandidate[]
  /** What the compiler behind the task's program reads, when a plugin understands the command. */
  reads?: {inspected: CommandReads; scratch: string; manifest?: ReadsManifest}
  /** Why no candidate could be had. */
  stale?: string
}

/**
 * Canonical: one JSON array of [kind, name, value] triples, in the order the hooks left them. A
 * dependency counts by the outputs it left (`dep-outputs`), not by its key, which is kept only to
 * explain: a dependency that ran again and left the same outputs does not run its dependents.
 */
export function actionKey(parts: readonly KeyPart[]): string {
  return sha256(JSON.stringify(parts.filter(({kind}) => kind !== 'dep').map(({kind, name, value}) => [kind, name, value])))
}

/** Each program the task runs, and the one its command starts (a compiler's command is inspected for what it reads). */
async function toolParts(build: Build, task: TaskSpec, request: ExecRequest): Promise<{tools: ToolKey[]; program?: ToolKey}> {
  const path = request.env.PATH ?? DEFAULT_PATH
  // Sorted and once each: the order a user lists them in says nothing about the result.
  const names = toolsOf(task, request.argv)
  const sorted = names.length === 1 ? names : [...new Set(names)].sort()
  // The compiler a task names is asked about its own program, whatever that is called.
  const compilerFor = (name: string) => (name === request.argv[0] ? task.compiler : undefined)
  const tools = await Promise.all(sorted.map((name) => build.tool(name, path, request.cwd, compilerFor(name))))
  return {tools, program: tools[sorted.indexOf(request.argv[0])]}
}

/**
 * Paths inside the build root count from the root, in the command and variables as they do for
 * inputs and the working directory, so two checkouts of a project — or two runs of a script, each
 * in its own directory — share keys.
 */
function rootedText(root: string): (text: string) => string {
  if (root === '/' || root === '') return (text) => text
  const prefix = `${root.replace(/\/$/, '')}/`
  return (text) => (text.includes(prefix) ? text.split(prefix).join('<root>/') : text)
}

/** The base parts: the request as the keyed taps left it, and what it runs, reads and depends on. */
async function baseParts(build: Build, task: TaskSpec, request: ExecRequest, tools: ToolKey[], inspected?: CommandReads): Promise<KeyPart[]> {
  const {root} = build
  const digests = await build.digests()
  const rooted = rootedText(root)
  const cwd = relative(root, request.cwd)
  const parts: KeyPart[] = [
    {kind: 'engine', name: 'format', value: KEY_FORMAT},
    {kind: 'command', name: 'command', value: JSON.stringify(request.argv.map(rooted))},
    {kind: 'cwd', name: 'cwd', value: cwd === '..' || cwd.startsWith('../') || isAbsolute(cwd) ? request.cwd : cwd || '.'},
  ]
  for (const name of Object.keys(request.env).sort()) parts.push({kind: 'env', name, value: rooted(request.env[name])})
  if (Buffer.isBuffer(request.stdin)) parts.push({kind: 'stdin', name: 'stdin', value: sha256(request.stdin)})
  for (const tool of tools) parts.push(...tool.parts)
  for (const file of inspected?.named ?? []) {
    const path = resolve(request.cwd, file)
    parts.push({kind: 'read', name: fromRoot(root, path), value: await contentOf(digests, path)})
  }
  const stats = new Map<string, BigIntStats>()
  for (const file of await expandInputs(root, task.id, request.inputs, stats, build.observed)) {
    parts.push({kind: 'input', name: file, value: await digests.of(join(root, file), stats.get(file))})
  }
  for (const dep of [...task.deps].sort()) {
    parts.push({kind: 'dep', name: dep, value: build.keys.get(dep) ?? ''})
    parts.push({kind: 'dep-outputs', name: dep, value: build.outputDigests.get(dep) ?? ''})
  }
  parts.push({kind: 'outputs', name: 'outputs', value: JSON.stringify([...request.outputs].sort())})
  parts.push({kind: 'executor', name: request.executor, value: build.executorIdentity(request)})
  if (Object.keys(request.resources).length > 0) parts.push({kind: 'resources', name: 'resources', value: JSON.stringify(request.resources)})
  parts.push(...(await build.pluginParts(task)))
  return parts
}

/**
 * The task's key from its final request: base parts through the `computeKey` taps, then — for a
 * command a compiler plugin understands — the files it read when last run with that base.
 */
export async function taskKey(build: Build, task: TaskSpec, request: ExecRequest, computeKey: (parts: KeyPart[]) => Promise<KeyPart[]>): Promise<TaskKey> {
  const {tools, program} = await toolParts(build, task, request)
  // Only a command that is the compiler's own (not cmake, whose tools list a compiler) is read as one.
  const compiler = program?.compiler
  const scratch = compiler && task.cacheable ? build.scratchDir(task.id) : undefined
  const inspected = compiler && scratch ? compiler.provider.inspect?.(compiler.identity, request.argv, request.cwd, scratch) : undefined
  const base = await computeKey(await baseParts(build, task, request, tools, inspected))
  const baseKey = actionKey(base)
  if (!inspected?.listing || !scratch || !build.store) return {base, baseKey, candidates: [{parts: base, key: baseKey}]}
  const manifest = await loadManifest(build.store, baseKey)
  const reads = {inspected, scratch, manifest}
  const candidates: KeyCandidate[] = []
  let stale = manifest ? undefined : 'what the compiler reads is not known yet'
  const digests = await build.digests()
  for (const set of manifest?.sets ?? []) {
    const read = await readParts(set, build.root, (path) => contentOf(digests, path), (path) => build.exists(path))
    if ('stale' in read) stale ??= read.stale
    else candidates.push({parts: [...base, ...read], key: actionKey([...base, ...read]), set})
  }
  return {base, baseKey, candidates, reads, stale: candidates.length === 0 ? stale : undefined}
}
