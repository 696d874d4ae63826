/**
 * Phases 3–7 of a script, the compile task: hash computed (computeKey), cache checked
 * (cacheChecked), pre-/post-compile (beforeExecute/afterExecute), module loaded
 * (outputsMaterialized). A miss compiles in the staging dir and installs it whole.
 */
import {mkdir, rm, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {ExecRequest} from '../contracts/task.js'
import {TckError} from '../errors.js'
import {atomicWriteFile} from '../io/atomic.js'
import {sha256, sha256File} from '../io/digest.js'
import type {Pipeline, TaskContext} from '../pipeline.js'
import type {SelectedCompiler} from './compiler.js'
import {executeTask} from './hooks.js'
import {compilerEnv} from './launch.js'
import type {PreparedScript} from './prepare.js'
import {requestFor} from './recipe.js'
import {binaryDir, hasBinary, install} from './store.js'

export interface CompileOptions {
  cwd: string
  noCache: boolean
  keepSource: boolean
  dryRun: boolean
  /** How the user named the script, for hints. */
  shownAs: string
}

export interface CompileOutcome {
  context: TaskContext
  /** The program to run; in the staging dir under --no-cache. */
  binary: string
  hit: boolean
  /** The compile command as the pre-compile taps left it (what --dry-run prints). */
  command: string[]
  keptSource?: string
}

export async function compileScript(pipeline: Pipeline, prepared: PreparedScript, compiler: SelectedCompiler, options: CompileOptions): Promise<CompileOutcome> {
  const {script, build, name, body} = prepared
  const task = prepared.recipe.tasks[0]
  const context: TaskContext = {build, task, attempt: 0, signal: new AbortController().signal, data: {script}}
  const parts = await pipeline.computeKey.promise(
    [
      ['source', sha256(body)],
      ['flags', JSON.stringify(script.flags)],
      ['libs', JSON.stringify(script.libs)],
      ['compiler', JSON.stringify(compiler.identity)],
      ['debug', String(script.debug)],
      ['compilerEnv', compilerEnv()],
    ],
    context,
  )
  const key = (context.key = sha256(JSON.stringify(parts)))
  const cached = join(binaryDir(script.cacheDir, key), name)
  const available = !options.noCache && (await hasBinary(cached))
  const decision = await pipeline.cacheChecked.promise(
    available ? {hit: true} : {hit: false, reason: options.noCache ? '--no-cache' : 'not compiled yet'},
    context,
  )
  const hit = decision.hit && available
  const request = (): ExecRequest =>
    requestFor(task, options.cwd, 'inherit', compiler.provider.sourceFromStdin ? Buffer.from(body) : 'ignore')

  if (options.dryRun) {
    const final = await pipeline.beforeExecute.promise(request(), context)
    return {context, binary: cached, hit, command: final.argv}
  }
  let binary = cached
  if (!hit) binary = await compileMiss(pipeline, context, request(), prepared, options, key)
  let keptSource: string | undefined
  if (options.keepSource) {
    keptSource = join(binary, '..', `${name}.c`)
    if (hit) await atomicWriteFile(keptSource, body)
  }
  script.binary = binary
  await pipeline.outputsMaterialized.promise(context)
  return {context, binary, hit, command: [...(task.command as {argv: string[]}).argv], keptSource}
}

async function compileMiss(pipeline: Pipeline, context: TaskContext, request: ExecRequest, prepared: PreparedScript, options: CompileOptions, key: string): Promise<string> {
  const {script, name, staging, stagedSource} = prepared
  let binary: string
  await mkdir(staging, {recursive: true})
  try {
    await writeFile(stagedSource, prepared.body)
    const result = await executeTask(pipeline, context, request)
    if (result.exitCode !== 0 || result.signal) {
      const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`
      throw new TckError('COMPILE_FAILED', `${script.file} did not compile (${script.compiler.name} ${how})`, {
        hint: `The compiler's messages above point at the script's own lines; \`tck run --dry-run ${options.shownAs}\` prints the command.`,
      })
    }
    if (!options.keepSource) await rm(stagedSource, {force: true})
    binary = options.noCache ? join(staging, name) : await install(staging, name, script.cacheDir, key)
  } catch (error) {
    await rm(staging, {recursive: true, force: true})
    throw error
  }
  const [digest, {size}] = await Promise.all([sha256File(binary), stat(binary)])
  await pipeline.outputsStored.promise(
    {outputs: [{path: binary, digest, size, mode: 0o755}], exitCode: 0, createdAt: new Date().toISOString(), durationMs: 0},
    context,
  )
  return binary
}
