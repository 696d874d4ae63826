/**
 * `tck run`: a C script through the engine's hooks as a two-task graph. The compile task is keyed
 * by the source after edits, the expanded params, the flags and the compiler's identity, and its
 * binary is kept in the script cache; the execute task always runs, with the terminal's stdio.
 */
import {mkdir, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {basename, join, resolve} from 'node:path'
import {buildGraph} from '../engine/graph.js'
import {TckError} from '../errors.js'
import {atomicWriteFile} from '../io/atomic.js'
import {sha256, sha256File} from '../io/digest.js'
import {log} from '../log.js'
import type {Host} from '../host.js'
import type {ExecResult} from '../contracts/task.js'
import type {TaskContext} from '../pipeline.js'
import {selectCompiler} from './compiler.js'
import {runConfigOf} from './config.js'
import {findProgram, scriptCacheDirs} from './dirs.js'
import {executeTask, foreignTaps} from './hooks.js'
import {compilerEnv, launchEntryPath, removeLaunchEntry, snapshot, writeLaunchEntry, type Snapshot} from './launch.js'
import {expandParams, isDynamic, splitFlags} from './params.js'
import {requestFor, scriptRecipe} from './recipe.js'
import {parseScript, wrapInline} from './source.js'
import {runInherited} from './spawn.js'
import {binaryDir, hasBinary, install, stagingDir} from './store.js'
import {EXECUTE_KIND, SCRIPT_PARSER, type ScriptRun} from './types.js'

export type ScriptInput = {file: string} | {inline: string} | {stdin: true}

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

async function readInput(input: ScriptInput, cwd: string, includes: string[]): Promise<{file: string; text: string}> {
  if ('inline' in input) return {file: '<inline>', text: wrapInline(input.inline, includes)}
  if ('stdin' in input) {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return {file: '<stdin>', text: Buffer.concat(chunks).toString('utf8')}
  }
  const file = resolve(cwd, input.file)
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new TckError(error.code === 'ENOENT' ? 'USAGE' : 'IO', `cannot read script ${input.file}: ${error.message}`, {
      hint: error.code === 'ENOENT' ? 'Check the path, or use `-` to read the script from stdin.' : undefined,
    })
  })
  return {file, text}
}

const programName = (file: string) => (file.startsWith('<') ? file.slice(1, -1) : basename(file).replace(/\.[ch]$/, '')) || 'script'

export async function runScript(host: Host, options: RunScriptOptions): Promise<RunScriptResult> {
  const {pipeline, registries} = host
  const config = runConfigOf(host.config)
  const dirs = scriptCacheDirs(options.cwd, options.cacheDir, config.cacheDir)
  const requested = options.compiler ?? config.compiler ?? 'gcc'
  const keepSource = options.keepSource || config.keepSource
  const fileInput = 'file' in options.input ? options.input.file : undefined

  // Snapshot before reading: a write after this point always shows as a difference to the launcher.
  const named = registries.compiler.has(requested) ? registries.compiler.get(requested) : undefined
  const compilerPath = findProgram(named ? named.program ?? named.name : requested)
  const sourceFiles = fileInput ? [resolve(options.cwd, fileInput), ...(compilerPath ? [compilerPath] : [])] : []
  const sourceSnapshot = snapshot(sourceFiles)

  const {file, text} = await readInput(options.input, options.cwd, [...config.includes, ...options.includes])
  const compiler = await selectCompiler(registries, requested)
  const name = programName(file)
  const script: ScriptRun = {file, args: options.args, flags: [...config.flags], libs: [], compiler: compiler.identity, debug: options.gdb, cacheDir: dirs.cache}
  const build = host.buildContext({script})

  const source = await pipeline.recipeLoaded.promise({file, parser: SCRIPT_PARSER, text}, build)
  const parsed = parseScript(file, source.text)
  script.params = parsed.params
  let recipe = await pipeline.recipeParsed.promise(scriptRecipe(name, file), build)
  let expansion: {raw: string; expanded: string; dynamic: boolean} | undefined
  if (parsed.params) {
    const expanded = await expandParams(parsed.params.raw, {...parsed.params, file}, options.cwd)
    const {flags, libs} = splitFlags(expanded.words)
    script.flags.push(...flags)
    script.libs.push(...libs)
    recipe.vars[parsed.params.name] = expanded.text
    expansion = {raw: parsed.params.raw, expanded: expanded.text, dynamic: isDynamic(parsed.params.raw)}
  }
  script.libs.push(...config.libs)
  recipe = await pipeline.recipeExpanded.promise(recipe, build)
  script.flags.push(...config.overrideFlags)

  const staging = join(dirs.cache, 'tmp', `compile-${process.pid}-${sha256(`${Math.random()}`).slice(0, 8)}`)
  const stagedSource = join(staging, `${name}.c`)
  const compileCommand = compiler.provider.command(compiler.identity, {
    sources: [compiler.provider.sourceFromStdin ? '-' : stagedSource], output: join(staging, name), kind: 'executable', flags: script.flags, libs: script.libs, debug: options.gdb,
  })
  const [compileTask, executeTask_] = recipe.tasks
  compileTask.command = {argv: compileCommand}
  const graph = buildGraph([recipe])
  await pipeline.graphBuilt.promise(graph, build)
  await pipeline.scheduled.promise(graph, build)

  const signal = new AbortController().signal
  const compileContext: TaskContext = {build, task: compileTask, attempt: 0, signal, data: {script}}
  const parts = await pipeline.computeKey.promise(
    [
      ['source', sha256(parsed.body)],
      ['flags', JSON.stringify(script.flags)],
      ['libs', JSON.stringify(script.libs)],
      ['compiler', JSON.stringify(compiler.identity)],
      ['debug', String(options.gdb)],
      ['compilerEnv', compilerEnv()],
    ],
    compileContext,
  )
  const key = (compileContext.key = sha256(JSON.stringify(parts)))
  const cachedBinary = join(binaryDir(dirs.cache, key), name)
  const available = !options.noCache && (await hasBinary(cachedBinary))
  const decision = await pipeline.cacheChecked.promise(
    available ? {hit: true} : {hit: false, reason: options.noCache ? '--no-cache' : 'not compiled yet'},
    compileContext,
  )

  const compileRequest = () => requestFor(compileTask, options.cwd, 'inherit', compiler.provider.sourceFromStdin ? Buffer.from(parsed.body) : 'ignore')
  if (options.dryRun) {
    const request = await pipeline.beforeExecute.promise(compileRequest(), compileContext)
    const sourceOnStdin = compiler.provider.sourceFromStdin ? stagedSource : undefined
    return {exitCode: 0, cached: decision.hit && available, compileCommand: request.argv, sourceOnStdin, binary: cachedBinary}
  }

  let binary = cachedBinary
  let keptSource: string | undefined
  const hit = decision.hit && available
  if (!hit) {
    await mkdir(staging, {recursive: true})
    try {
      await writeFile(stagedSource, parsed.body)
      const result = await executeTask(pipeline, compileContext, compileRequest())
      if (result.exitCode !== 0 || result.signal) {
        throw new TckError('COMPILE_FAILED', `${file} did not compile (${compiler.identity.name} ${result.signal ? `was killed by ${result.signal}` : `exited with code ${result.exitCode}`})`, {
          hint: `The compiler's messages above point at the script's own lines; \`tck run --dry-run ${fileInput ?? '...'}\` prints the command.`,
        })
      }
      if (!keepSource) await rm(stagedSource, {force: true})
      binary = options.noCache ? join(staging, name) : await install(staging, name, dirs.cache, key)
    } catch (error) {
      await rm(staging, {recursive: true, force: true})
      throw error
    }
    const digest = await sha256File(binary)
    const {size} = await stat(binary)
    await pipeline.outputsStored.promise(
      {outputs: [{path: binary, digest, size, mode: 0o755}], exitCode: 0, createdAt: new Date().toISOString(), durationMs: 0},
      compileContext,
    )
  }
  if (keepSource) {
    keptSource = join(binary, '..', `${name}.c`)
    if (hit) await atomicWriteFile(keptSource, parsed.body)
    process.stderr.write(`tck: source kept at ${keptSource}\n`)
  }
  script.binary = binary
  await pipeline.outputsMaterialized.promise(compileContext)

  if (fileInput && !options.noCache) {
    const entry = launchEntryPath(dirs.launch, process.cwd(), fileInput)
    const foreign = foreignTaps(pipeline)
    const combined = {
      lines: [sourceSnapshot.lines, options.hostSnapshot.snapshot.lines].filter(Boolean).join('\n'),
      racy: sourceSnapshot.racy || options.hostSnapshot.snapshot.racy,
    }
    if (foreign.length > 0 || combined.racy || !compilerPath) {
      log.debug(`no launch entry for ${file}: ${foreign.length > 0 ? `taps by ${foreign.join(', ')}` : 'changed too recently'}`)
      removeLaunchEntry(entry)
    } else if (!options.gdb && options.launcherFlagsOnly) {
      await writeLaunchEntry(entry, {
        source: file,
        compilerFlag: options.compiler ?? '',
        compilerName: requested,
        compilerPath,
        configFiles: options.hostSnapshot.configFiles,
        extraFiles: options.hostSnapshot.files,
        dataFile: options.hostSnapshot.dataFile,
        params: expansion,
        binary,
        snapshot: combined,
      })
    }
  }

  // Ahead of the host's executor dispatch (stage 100): the program gets the terminal itself, not pipes.
  pipeline.execute.tapPromise({name: 'tck', stage: 50}, async (request, context) =>
    (context.task.kind === EXECUTE_KIND && request.stdio === 'inherit' ? runInherited(request, context.signal) : undefined) as Promise<ExecResult>,
  )
  const argv = options.gdb ? ['gdb', '-q', '--args', binary, ...options.args] : [binary, ...options.args]
  executeTask_.command = {argv}
  const executeContext: TaskContext = {build, task: executeTask_, key, attempt: 0, signal, data: {script}}
  try {
    const result = await executeTask(pipeline, executeContext, requestFor(executeTask_, options.cwd, 'inherit'))
    return {exitCode: result.exitCode, signal: result.signal, cached: hit, binary, compileCommand, keptSource}
  } finally {
    if (options.noCache) await rm(staging, {recursive: true, force: true})
  }
}
