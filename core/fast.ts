/**
 * tck's fast start: the commands run most without oclif (about 0.15 s of CPU to load) and with
 * the engine from one bundled module (dist/core/fast.bundle.js, built by scripts/build.js).
 * `tck build` is the host's own; a bundled plugin offers one of its commands by naming a module
 * under `tck.fastStart` in its package.json (`tck run`: recipe-cscript). What a fast start does
 * not fully understand — `--help`, an unknown or malformed flag — it leaves to oclif
 * (bin/run.js), which then reports it as usual. The build itself is core/cli/build.ts, the same
 * code the oclif command runs.
 */
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {parseArgs} from 'node:util'
import {runBuildCommand} from './cli/build.js'
import {checkedCwd} from './cli/cwd.js'
import {reportError} from './errors.js'
import {observeStart, recordUnchanged} from './engine/unchanged/observe.js'
import {buildArgs} from './engine/unchanged/record.js'
import {createHost} from './host.js'
import {dataDir, listPlugins} from './plugins/list.js'
import {runtime} from './runtime.js'
import type {ProgressMode} from './progress/index.js'

const PROGRESS = new Set(['auto', 'tty', 'plain', 'none'])

const BUILD_OPTIONS = {
  jobs: {type: 'string', short: 'j'},
  'keep-going': {type: 'boolean', short: 'k'},
  explain: {type: 'boolean'},
  progress: {type: 'string'},
  json: {type: 'boolean'},
  'trace-hooks': {type: 'boolean'},
  config: {type: 'string'},
  cwd: {type: 'string'},
} as const

/** Runs `argv` when it is a command the fast start takes; false leaves it to oclif. */
export async function runFast(argv: string[], tckRoot: string): Promise<boolean> {
  return argv[0] === 'build' ? runBuild(argv, tckRoot) : runPluginCommand(argv, tckRoot)
}

/** A command a bundled plugin runs without oclif: its module's `runFast(args, place)`, handed the runtime this bundle holds. */
async function runPluginCommand([command, ...args]: string[], tckRoot: string): Promise<boolean> {
  const data = dataDir()
  const plugin = listPlugins(tckRoot, data).find((entry) => entry.type === 'core' && command !== undefined && Object.hasOwn(entry.fastStart, command))
  if (!plugin) return false
  const {runFast: run} = (await import(pathToFileURL(join(plugin.root, plugin.fastStart[command!])).href)) as {runFast: (args: string[], place: {root: string; dataDir: string; api: typeof runtime}) => Promise<boolean>}
  return run(args, {root: tckRoot, dataDir: data, api: runtime})
}

async function runBuild(argv: string[], tckRoot: string): Promise<boolean> {
  let parsed
  try {
    parsed = parseArgs({args: argv.slice(1), options: BUILD_OPTIONS, allowPositionals: true, strict: true})
  } catch {
    return false
  }
  const {values, positionals} = parsed
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs)
  const progress = values.progress ?? 'auto'
  if ((jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1)) || !PROGRESS.has(progress)) return false
  const json = values.json ?? false
  const logJson = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`)
  try {
    const cwd = checkedCwd(values.cwd)
    // What the host is about to load, seen before it loads: the no-change record's first half.
    const served = buildArgs(argv.slice(1))
    const atStart = served ? observeStart(tckRoot, cwd, values.config) : undefined
    const host = await createHost({root: tckRoot, dataDir: dataDir()}, {cwd, configFile: values.config, traceHooks: values['trace-hooks']})
    const output = {log: (line: string) => process.stdout.write(`${line}\n`), logToStderr: (line: string) => process.stderr.write(`${line}\n`), logJson}
    const {build, summary} = await runBuildCommand(host, {targets: positionals, jobs, keepGoing: values['keep-going'] ?? false, explain: values.explain ?? false, progress: progress as ProgressMode, json}, output)
    if (served && atStart) {
      const why = await recordUnchanged(build, summary, {command: 'build', cwd: process.cwd(), args: served.args, atStart})
      if (why && process.env.TCK_DEBUG) process.stderr.write(`tck:debug no-change record: not written: ${why}\n`)
    }
  } catch (error) {
    if (!reportError(error, json, logJson)) throw error
  }
  return true
}
