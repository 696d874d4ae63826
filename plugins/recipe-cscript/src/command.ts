/**
 * What `tck run` does once its command line is read, for both ways in: the oclif command
 * (commands/run.ts) and the fast start (fast.ts), which reads the same flags without oclif.
 */
import {existsSync, statSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {api} from './api.js'
import type {SplitArgv} from './argv.js'
import {runConfigOf} from './config.js'
import {scriptCacheDirs} from './dirs.js'
import {configCandidates, snapshot} from './launch.js'
import {runScript} from './run.js'
import {cleanCache} from './store.js'

export interface RunFlags {
  config?: string
  cwd?: string
  'no-cache'?: boolean
  'keep-source'?: boolean
  'dry-run'?: boolean
  gdb?: boolean
  include?: string[]
  preload?: string[]
  inline?: string
  'cache-dir'?: string
  compiler?: string
  clean?: boolean
}

/** Where this tck and its installed plugins live (an oclif Config has both, and so does the fast start). */
export interface CommandPlace {
  root: string
  dataDir: string
}

export interface CommandOutput {
  json: boolean
  log(line: string): void
  logToStderr(line: string): void
}

const shellQuote = (word: string) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)

/** Runs the command; the value is what `--json` prints. */
export async function runCommand(place: CommandPlace, flags: RunFlags, split: SplitArgv, output: CommandOutput): Promise<Record<string, unknown>> {
  const {TckError, engine} = api()
  const cwd = flags.cwd ? resolve(flags.cwd) : process.cwd()
  if (flags.cwd) mustBeDirectory(flags.cwd, cwd)
  // Taken before the config is loaded, so a later edit of it always invalidates the launch entry.
  const configFiles = configCandidates(cwd)
  const dataFile = join(place.dataDir, 'package.json')
  // tck's own package.json (its version) and the installed-plugins manifest: another tck or another plugin set.
  const hostFiles = [join(place.root, 'package.json'), dataFile]
  const hostSnapshot = {files: hostFiles, configFiles, dataFile, snapshot: snapshot([...configFiles, ...hostFiles])}
  const host = await engine.createHost(place, {cwd, configFile: flags.config})

  if (flags.clean) {
    const dirs = scriptCacheDirs(cwd, flags['cache-dir'], runConfigOf(host.config, host.configFile).cacheDir)
    const removed = await cleanCache([dirs.cache, join(dirs.launch, '..')])
    if (!output.json) output.logToStderr(`tck: removed ${removed} cached script${removed === 1 ? '' : 's'} from ${dirs.cache}`)
    return {cleaned: dirs.cache, removed}
  }
  const input = flags.inline !== undefined ? {inline: flags.inline} : split.script === '-' ? {stdin: true as const} : split.script ? {file: split.script} : undefined
  if (!input) {
    throw new TckError('USAGE', 'tck run needs a C file, `-` for stdin, or -i \'code\'', {hint: 'Example: tck run hello.c, or tck run -i \'puts("hi");\''})
  }
  const result = await runScript(host, {
    input,
    args: split.args,
    cwd,
    compiler: flags.compiler,
    cacheDir: flags['cache-dir'],
    noCache: flags['no-cache'] ?? false,
    keepSource: flags['keep-source'] ?? false,
    dryRun: flags['dry-run'] ?? false,
    gdb: flags.gdb ?? false,
    includes: flags.include ?? [],
    preloads: flags.preload ?? [],
    hostSnapshot,
    launcherFlagsOnly: split.launcherFlagsOnly,
    recordOnly: process.env.TCK_RUN_RECORD === '1',
  })
  if (flags['dry-run']) {
    if (!output.json) output.log(result.compileCommand.map(shellQuote).join(' '))
    return {compileCommand: result.compileCommand, binary: result.binary, cached: result.cached}
  }
  if (result.signal) exitLike(result.signal, result.exitCode)
  process.exitCode = result.exitCode
  return {exitCode: result.exitCode, cached: result.cached, binary: result.binary}
}

/** `--cwd` is where the compiler and the program run: a missing one is said as such (worded as the host's commands word it). */
function mustBeDirectory(given: string, path: string): void {
  const shown = path === given ? given : `${given} (${path})`
  let isDirectory = false
  try {
    isDirectory = statSync(path).isDirectory()
  } catch {}
  if (!isDirectory) {
    throw new (api().TckError)('USAGE', `--cwd ${shown}: ${existsSync(path) ? 'not a directory' : 'no such directory'}`, {
      hint: 'Name an existing directory, or leave out --cwd to run here.',
    })
  }
}

/** Ends tck the way the program ended: killed by the same signal, or (for signals Node ignores) 128 + its number. */
function exitLike(signal: string, exitCode: number): never {
  const name = signal as NodeJS.Signals
  process.removeAllListeners(name)
  process.kill(process.pid, name)
  process.exit(exitCode)
}
