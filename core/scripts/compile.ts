/**
 * Phases 3–7 of a script, the compile task: hash computed (computeKey), cache checked
 * (cacheChecked), pre-/post-compile (beforeExecute/afterExecute), module loaded
 * (outputsMaterialized). A miss compiles in the staging dir and installs it whole, under a key
 * that includes the local headers the compiler reported (headers.ts).
 */
import {mkdir, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {ExecRequest, KeyParts} from '../contracts/task.js'
import {TckError} from '../errors.js'
import {atomicWriteFile} from '../io/atomic.js'
import {sha256, sha256File} from '../io/digest.js'
import type {Pipeline, TaskContext} from '../pipeline.js'
import type {SelectedCompiler} from './compiler.js'
import {headerDigests, localHeaders, parseDepfile, readManifest, writeManifest} from './headers.js'
import {executeTask} from './hooks.js'
import {compilerEnv, snapshot, type Snapshot} from './launch.js'
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
  /** Local headers the binary depends on, snapshotted before they were read; undefined when the compiler did not say. */
  headers?: {paths: string[]; snapshot: Snapshot}
}

const withHeaders = (parts: KeyParts, digests: Array<[string, string]> | undefined): KeyParts =>
  parts.map(([name, value]) => [name, name === 'headers' ? JSON.stringify(digests ?? null) : value])

export async function compileScript(pipeline: Pipeline, prepared: PreparedScript, compiler: SelectedCompiler, options: CompileOptions): Promise<CompileOutcome> {
  const {script, build, name, body} = prepared
  const task = prepared.recipe.tasks[0]
  const context: TaskContext = {build, task, attempt: 0, signal: new AbortController().signal, data: {script}}
  const base: KeyParts = [
    ['source', sha256(body)],
    ['flags', JSON.stringify(script.flags)],
    ['libs', JSON.stringify(script.libs)],
    ['compiler', JSON.stringify(compiler.identity)],
    ['debug', String(script.debug)],
    ['compilerEnv', compilerEnv()],
  ]
  const manifestKey = sha256(JSON.stringify(base))
  const known = await readManifest(script.cacheDir, manifestKey)
  const knownSnapshot = known && snapshot(known)
  const digests = known && (await headerDigests(known))
  const keyed = await pipeline.computeKey.promise([...base, ['headers', JSON.stringify(digests ?? null)]], context)
  context.key = sha256(JSON.stringify(keyed))
  const cached = join(binaryDir(script.cacheDir, context.key), name)
  const available = !options.noCache && known !== undefined && (await hasBinary(cached))
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
  let headers = known && knownSnapshot ? {paths: known, snapshot: knownSnapshot} : undefined
  if (!hit) {
    try {
      ;({binary, headers} = await compileMiss(pipeline, context, request(), prepared, options, keyed, manifestKey))
    } catch (error) {
      await pipeline.taskFailed.promise(error instanceof Error ? error : new Error(String(error)), context)
      throw error
    }
  }
  let keptSource: string | undefined
  if (options.keepSource) {
    keptSource = join(binary, '..', `${name}.c`)
    if (hit) await atomicWriteFile(keptSource, body)
  }
  script.binary = binary
  await pipeline.outputsMaterialized.promise(context)
  return {context, binary, hit, command: [...(task.command as {argv: string[]}).argv], keptSource, headers}
}

async function compileMiss(
  pipeline: Pipeline, context: TaskContext, request: ExecRequest, prepared: PreparedScript, options: CompileOptions, parts: KeyParts, manifestKey: string,
): Promise<{binary: string; headers?: CompileOutcome['headers']}> {
  const {script, name, staging, stagedSource, depfile} = prepared
  const started = Date.now()
  let binary: string
  let headers: CompileOutcome['headers']
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
    const deps = await readFile(depfile, 'utf8').catch(() => undefined)
    if (deps !== undefined) {
      const paths = localHeaders(parseDepfile(deps, options.cwd), stagedSource)
      // Snapshotted after the compile, but any change since it started counts as too recent to trust.
      headers = {paths, snapshot: snapshot(paths, started)}
      // The key names what was really included, so the next run (which hashes these first) finds it.
      context.key = sha256(JSON.stringify(withHeaders(parts, await headerDigests(paths))))
    }
    await rm(depfile, {force: true})
    if (!options.keepSource) await rm(stagedSource, {force: true})
    binary = options.noCache ? join(staging, name) : await install(staging, name, script.cacheDir, context.key!)
    if (headers && !options.noCache) await writeManifest(script.cacheDir, manifestKey, headers.paths)
  } catch (error) {
    await rm(staging, {recursive: true, force: true})
    throw error
  }
  const [digest, {size}] = await Promise.all([sha256File(binary), stat(binary)])
  await pipeline.outputsStored.promise(
    {outputs: [{path: binary, digest, size, mode: 0o755}], exitCode: 0, createdAt: new Date().toISOString(), durationMs: 0},
    context,
  )
  return {binary, headers}
}
