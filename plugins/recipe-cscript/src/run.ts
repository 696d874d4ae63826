/**
 * `tck run`: a C script built and run by the engine as a two-task recipe (see types.ts for the
 * nine phases). Each run has its own root under the cache, the scripts share one store and state;
 * the compiled program is installed as `bin/<key>/<name>`, and a run the launcher could have
 * served leaves a launch entry so the next one skips Node.
 */
import {rm} from 'node:fs/promises'
import {dirname, isAbsolute, join, resolve} from 'node:path'
import type {BuildResult, Host, TaskContext} from 'tck'
import {api} from './api.js'
import {runConfigOf, type RunConfig} from './config.js'
import {preloadLibs} from './crispy.js'
import {findProgram, scriptCacheDirs, type CacheDirs} from './dirs.js'
import {programName, readInput, type ScriptInput} from './input.js'
import {keepLaunchEntry, type HostSnapshot} from './keep.js'
import {snapshot} from './launch.js'
import {removeDeadOwners, scratchDir} from './scratch.js'
import {COMPILE_KIND, SCRIPT_PARSER, type ScriptRun} from './types.js'

export const DEFAULT_COMPILER = 'gcc'

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
  /** `-p LIB`: shared libraries linked in and loaded before main (crispy.ts). */
  preloads: string[]
  hostSnapshot: HostSnapshot
  /** Every flag given is one the launcher understands (only --compiler and --cache-dir). */
  launcherFlagsOnly: boolean
  /** Compile, store and index the script, but do not run it: the launcher ran its own compile already (bin/cold.sh). */
  recordOnly: boolean
}

export interface RunScriptResult {
  exitCode: number
  signal?: string
  cached: boolean
  binary?: string
  compileCommand: string[]
  keptSource?: string
}

/** The compiler the run asks for, detected (once, then recorded) by the plugin that knows it. */
async function selectCompiler(host: Host, build: ReturnType<Host['build']>, requested: string) {
  const {TckError} = api()
  const named = host.registries.compiler.has(requested) ? host.registries.compiler.get(requested) : undefined
  const program = named ? named.program ?? named.name : requested
  const known = host.registries.compiler.list().map(({name}) => name).join(', ') || 'none'
  if (!findProgram(program)) {
    throw new TckError('PROVIDER_NOT_FOUND', `compiler "${requested}": no program ${program} on PATH`, {
      hint: named ? `Install ${program}, or pick another compiler with --compiler (registered: ${known}).` : `Name a registered compiler (${known}) or a compiler program on PATH.`,
    })
  }
  const found = await build.compilerOf(program, !named)
  if (found && (!named || found.provider.name === named.name)) return {...found, program}
  throw new TckError('PROVIDER_NOT_FOUND', `compiler "${requested}" (${findProgram(program)}) is not a compiler any plugin recognises (registered: ${known})`, {
    hint: 'Add the compiler plugin for it, e.g. tck plugins add compiler-clang, or pick another with --compiler.',
  })
}

/** A compile that exited non-zero is the script's fault, said as such (its messages were on the terminal already). */
function compileFailure(result: BuildResult, script: ScriptRun, shownAs: string): Error | undefined {
  const compile = result.outcomes.find((outcome) => outcome.id.endsWith(':compile'))
  if (compile?.status !== 'failed') return undefined
  const error = result.errors[0]
  if (!/^task "[^"]+" (exited with code|was killed by)/.test(error?.message ?? '')) return error
  const how = /(exited with code \d+|was killed by \S+)/.exec(error.message)![1]
  return new (api().TckError)('COMPILE_FAILED', `${script.file} did not compile (${script.compiler.name} ${how})`, {
    hint: `The compiler's messages above point at the script's own lines; \`tck run --dry-run ${shownAs}\` prints the command.`,
  })
}

/**
 * Ctrl-C or SIGTERM while the script compiles stops the compiler and the run; once the program
 * runs, it has the terminal and the terminal executor passes signals on instead.
 */
async function buildWithSignals(build: ReturnType<Host['build']>, script: ScriptRun, rebuild: boolean, targets: string[]): Promise<BuildResult> {
  const interrupt = new AbortController()
  const stop = () => {
    if (!script.running) interrupt.abort()
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  try {
    const result = await build.run({targets, jobs: 1, keepGoing: false, stdio: 'inherit', rebuild, signal: interrupt.signal})
    if (result.interrupted) throw new (api().TckError)('INTERRUPTED', `${script.file}: interrupted while compiling; the compiler was stopped`)
    return result
  } finally {
    process.off('SIGINT', stop)
    process.off('SIGTERM', stop)
  }
}

export async function runScript(host: Host, options: RunScriptOptions): Promise<RunScriptResult> {
  const config: RunConfig = runConfigOf(host.config, host.configFile)
  const dirs: CacheDirs = scriptCacheDirs(options.cwd, options.cacheDir, config.cacheDir)
  const requested = options.compiler ?? config.compiler ?? DEFAULT_COMPILER
  const fileInput = 'file' in options.input ? options.input.file : undefined
  const named = host.registries.compiler.has(requested) ? host.registries.compiler.get(requested) : undefined
  const compilerPath = findProgram(named ? named.program ?? named.name : requested)
  // Before reading anything: a write after this point always shows as a difference to the launcher.
  const startedAt = Date.now()
  const fileSnapshot = snapshot([...(fileInput ? [resolve(options.cwd, fileInput)] : []), ...(compilerPath ? [compilerPath] : [])])
  const source = await readInput(options.input, options.cwd, [...config.includes, ...options.includes])

  await removeDeadOwners(dirs.cache)
  const root = await scratchDir(dirs.cache, 'run')
  try {
    const name = programName(source.file)
    const script = {
      file: source.file, shownAs: fileInput ?? source.file, args: options.args, cwd: options.cwd,
      // The script's own directory, for `#include "util.h"` next to it: the compiler reads the source from stdin.
      flags: [...(isAbsolute(source.file) ? [`-I${dirname(source.file)}`] : []), ...config.flags],
      overrideFlags: config.overrideFlags, libs: [...config.libs], debug: options.gdb, fresh: options.noCache, cacheDir: dirs.cache, name, crispy: config.crispy,
    } as Partial<ScriptRun> as ScriptRun
    const build = host.build({
      root,
      stateDir: join(dirs.cache, 'state'),
      sources: [{file: source.file, parser: SCRIPT_PARSER, text: source.text}],
      // The scripts' own store: uncompressed, so a hit is a hardlink; `tck run --clean` empties it.
      cacheLevels: [{provider: 'fs', readOnly: false, dir: join(dirs.cache, 'store'), compression: 'none'}],
      options: {script},
    })
    const compiler = await selectCompiler(host, build, requested)
    script.compiler = compiler.identity
    script.provider = compiler.provider
    script.libs.push(...preloadLibs(options.preloads, options.cwd, compiler.provider.name))
    const compileId = `${name}:compile`

    if (options.dryRun) {
      const {context, cached} = await build.preview(compileId, 'inherit')
      return {exitCode: 0, cached, binary: undefined, compileCommand: context.request!.argv}
    }
    const result = await buildWithSignals(build, script, options.noCache, options.recordOnly ? [compileId] : [])
    const compile = build.tasks.get(compileId)
    const failure = compileFailure(result, script, fileInput ?? '-')
    if (failure) throw failure
    if (options.recordOnly) script.result = {exitCode: 0}
    if (!script.result) throw result.errors[0] ?? new (api().TckError)('TASK_FAILED', `${source.file} did not run`)

    let keptSource: string | undefined
    if (options.keepSource || config.keepSource) {
      keptSource = join(dirname(script.binary!), `${name}.c`)
      await api().atomicWriteFile(keptSource, script.body ?? '')
      process.stderr.write(`tck: source kept at ${keptSource}\n`)
    }
    const cached = result.outcomes.find((outcome) => outcome.id === compileId)?.status === 'cached'
    if (compile && !options.gdb && options.launcherFlagsOnly) {
      await keepLaunchEntry(host, {options, dirs, requested, compilerPath, startedAt, fileSnapshot, script, compile: compile as TaskContext & {kind?: string}})
    }
    return {exitCode: script.result.exitCode, signal: script.result.signal, cached, binary: script.binary, compileCommand: compile?.request?.argv ?? [], keptSource}
  } finally {
    await rm(root, {recursive: true, force: true})
  }
}

export {COMPILE_KIND}
