/**
 * `tck run`: a C script through the engine's hooks as a two-task graph (see types.ts for how the
 * nine phases map onto hooks). The compile task is keyed by the source after edits, the expanded
 * params, the flags and the compiler's identity; the execute task always runs, with the terminal's
 * stdio. A run the launcher could have served leaves a launch entry so the next one skips Node.
 */
import {rm} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import {sha256} from '../io/digest.js'
import type {ExecResult} from '../contracts/task.js'
import type {Host} from '../host.js'
import {log} from '../log.js'
import type {TaskContext} from '../pipeline.js'
import {compileScript, type CompileOutcome} from './compile.js'
import {DEFAULT_COMPILER, selectCompiler} from './compiler.js'
import {runConfigOf} from './config.js'
import {findProgram, scriptCacheDirs, type CacheDirs} from './dirs.js'
import {executeTask, foreignTaps} from './hooks.js'
import {launchEntryPath, removeLaunchEntry, snapshot, writeLaunchEntry, type Snapshot} from './launch.js'
import {prepareScript, readInput, type PreparedScript, type ScriptInput} from './prepare.js'
import {requestFor} from './recipe.js'
import {runInherited} from './spawn.js'
import {EXECUTE_KIND} from './types.js'

export type {ScriptInput} from './prepare.js'

export interface RunScriptOptions {
  input: ScriptInput
  args: string[]
  cwd: string
  compiler?: string
  cacheDir?: string
  noCache: boolean
  keepSource: boolean
  dryRun: boolean
  gdb: boolean
  includes: string[]
  /** Config and host files, snapshotted before the config was loaded (see launch.ts). */
  hostSnapshot: {files: string[]; configFiles: string[]; dataFile: string; snapshot: Snapshot}
  /** Every flag given is one the launcher understands (only --compiler and --cache-dir). */
  launcherFlagsOnly: boolean
}

export interface RunScriptResult {
  exitCode: number
  signal?: string
  cached: boolean
  binary?: string
  compileCommand: string[]
  /** The compiler reads the source from stdin: this file, as compiled. */
  sourceOnStdin?: string
  keptSource?: string
}

export async function runScript(host: Host, options: RunScriptOptions): Promise<RunScriptResult> {
  const {pipeline, registries} = host
  const config = runConfigOf(host.config)
  const dirs = scriptCacheDirs(options.cwd, options.cacheDir, config.cacheDir)
  const requested = options.compiler ?? config.compiler ?? DEFAULT_COMPILER
  const fileInput = 'file' in options.input ? options.input.file : undefined

  // Before reading anything: a write after this point always shows as a difference to the launcher.
  const named = registries.compiler.has(requested) ? registries.compiler.get(requested) : undefined
  const compilerPath = findProgram(named ? named.program ?? named.name : requested)
  const startedAt = Date.now()
  const fileSnapshot = snapshot([...(fileInput ? [resolve(options.cwd, fileInput)] : []), ...(compilerPath ? [compilerPath] : [])])

  const source = await readInput(options.input, options.cwd, [...config.includes, ...options.includes])
  const compiler = await selectCompiler(registries, requested)
  // Known only from the probe, so any change since this run started counts as too recent to trust.
  const compilerSnapshot = snapshot(compiler.identity.files ?? [], startedAt)
  const prepared = await prepareScript(pipeline, (script) => host.buildContext({script}), source, compiler, config, {
    cwd: options.cwd, args: options.args, gdb: options.gdb, cacheDir: dirs.cache,
  })
  const keepSource = options.keepSource || config.keepSource
  const compiled = await compileScript(pipeline, prepared, compiler, {
    cwd: options.cwd, noCache: options.noCache, keepSource, dryRun: options.dryRun, shownAs: fileInput ?? '-',
  })
  const sourceOnStdin = compiler.provider.sourceFromStdin ? prepared.stagedSource : undefined
  if (options.dryRun) return {exitCode: 0, cached: compiled.hit, binary: compiled.binary, compileCommand: compiled.command, sourceOnStdin}
  if (compiled.keptSource) process.stderr.write(`tck: source kept at ${compiled.keptSource}\n`)

  const entry = launchEntryFor(options, dirs)
  if (entry && !options.noCache) {
    const compilerFiles = {paths: compiler.identity.files ?? [], snapshot: compilerSnapshot}
    await keepLaunchEntry(host, options, entry, requested, compilerPath, compilerFiles, fileSnapshot, prepared, compiled)
  }
  try {
    const result = await executeScript(host, options, prepared, compiled)
    return {exitCode: result.exitCode, signal: result.signal, cached: compiled.hit, binary: compiled.binary, compileCommand: compiled.command, keptSource: compiled.keptSource}
  } finally {
    if (options.noCache) await rm(prepared.staging, {recursive: true, force: true})
  }
}

/** Phases 8–9: pre-execute and post-execute, around the program with the terminal's stdio. */
async function executeScript(host: Host, options: RunScriptOptions, prepared: PreparedScript, compiled: CompileOutcome): Promise<ExecResult> {
  // Ahead of the host's executor dispatch (stage 100): the program gets the terminal itself, not pipes.
  host.pipeline.execute.tapPromise({name: 'tck', stage: 50}, async (request, context) =>
    (context.task.kind === EXECUTE_KIND && request.stdio === 'inherit' ? runInherited(request, context.signal) : undefined) as Promise<ExecResult>,
  )
  const task = prepared.recipe.tasks[1]
  task.command = {argv: options.gdb ? ['gdb', '-q', '--args', compiled.binary, ...options.args] : [compiled.binary, ...options.args]}
  const context: TaskContext = {build: prepared.build, task, key: compiled.context.key, attempt: 0, signal: compiled.context.signal, data: {script: prepared.script}}
  try {
    return await executeTask(host.pipeline, context, requestFor(task, options.cwd, 'inherit'))
  } catch (error) {
    // An abort or a program that cannot start; a non-zero exit is the program's answer, not a failure.
    await host.pipeline.taskFailed.promise(error instanceof Error ? error : new Error(String(error)), context)
    throw error
  }
}

/** Where the launcher looks for this run: by the script's path, or by the inline code's digest. */
function launchEntryFor(options: RunScriptOptions, dirs: CacheDirs): string | undefined {
  if ('file' in options.input) return launchEntryPath(dirs.launch, process.cwd(), options.input.file)
  if ('inline' in options.input) return join(dirs.launch, 'inline', `${sha256(`${options.input.inline}\n${options.includes.join('\n')}`)}.sh`)
  return undefined
}

/**
 * Writes the entry the launcher reads — only when the launcher would have done exactly what this
 * run did: no plugin taps a script hook, no file changed too recently to trust its timestamps,
 * and no flag but --compiler / --cache-dir. Otherwise an old entry is removed.
 */
async function keepLaunchEntry(
  host: Host, options: RunScriptOptions, entry: string, requested: string,
  compilerPath: string | undefined, compilerFiles: {paths: string[]; snapshot: Snapshot}, fileSnapshot: Snapshot,
  prepared: PreparedScript, compiled: CompileOutcome,
): Promise<void> {
  const foreign = foreignTaps(host.pipeline)
  const headers = compiled.headers
  // In the launcher's stat order: script, compiler, compiler files, config files, tck and plugins, headers.
  const snapshots = [fileSnapshot, compilerFiles.snapshot, options.hostSnapshot.snapshot, ...(headers ? [headers.snapshot] : [])]
  const combined = {lines: snapshots.map(({lines}) => lines).filter(Boolean).join('\n'), racy: snapshots.some(({racy}) => racy)}
  if (foreign.length > 0 || combined.racy || !compilerPath || !headers) {
    const why = foreign.length > 0 ? `taps by ${foreign.join(', ')}` : !headers ? 'the compiler did not list the included files' : 'changed too recently'
    log.debug(`no launch entry for ${prepared.script.file}: ${why}`)
    removeLaunchEntry(entry)
    return
  }
  if (options.gdb || !options.launcherFlagsOnly) return
  await writeLaunchEntry(entry, {
    source: 'file' in options.input ? prepared.script.file : '',
    inline: 'inline' in options.input ? {code: options.input.inline, includes: options.includes} : undefined,
    compilerFlag: options.compiler ?? '',
    compilerName: requested,
    compilerPath,
    compilerFiles: compilerFiles.paths,
    configFiles: options.hostSnapshot.configFiles,
    extraFiles: options.hostSnapshot.files,
    dataFile: options.hostSnapshot.dataFile,
    headers: headers.paths,
    params: prepared.expansion,
    binary: compiled.binary,
    snapshot: combined,
  })
}
