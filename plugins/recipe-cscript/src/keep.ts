/**
 * Whether a run leaves a launch entry — only when the launcher would have done exactly what it
 * did: no other plugin taps a hook a script run fires, no file changed too recently to trust its
 * timestamps, the compiler listed what it read, and no flag but the launcher's own.
 */
import {isAbsolute, join, resolve} from 'node:path'
import type {HookName, Host, TaskContext} from 'tck'
import {api} from './api.js'
import {findProgram, type CacheDirs} from './dirs.js'
import {keepColdProfile} from './cold.js'
import {execAs} from './exec-as.js'
import {launchEntryPath, removeLaunchEntry, snapshot, writeLaunchEntry, type Snapshot} from './launch.js'
import type {RunScriptOptions} from './run.js'
import type {ScriptRun} from './types.js'

/** Config and host files, snapshotted before the config was loaded. */
export interface HostSnapshot {
  files: string[]
  configFiles: string[]
  dataFile: string
  snapshot: Snapshot
}

/** Hooks a script run fires; a tap on any of them by anyone but tck and this plugin needs Node on every run. */
const SCRIPT_HOOKS: HookName[] = [
  'recipeLoaded', 'recipeParsed', 'recipeExpanded', 'graphBuilt', 'scheduled', 'requestCreated', 'computeKey', 'cacheChecked',
  'beforeExecute', 'execute', 'afterExecute', 'outputsStored', 'outputsMaterialized', 'taskFailed',
]

const OWN = '@tck/plugin-recipe-cscript'

export function foreignTaps(host: Host): string[] {
  const names = new Set<string>()
  for (const hook of SCRIPT_HOOKS) for (const {plugin} of host.driver.taps(hook)) if (plugin !== 'tck' && plugin !== OWN) names.add(plugin)
  return [...names]
}

/** Where the launcher looks for this run: by the script's path, or by the inline code's digest. */
function entryFor(options: RunScriptOptions, dirs: CacheDirs): string | undefined {
  if ('file' in options.input) return launchEntryPath(dirs.launch, process.cwd(), options.input.file)
  if ('inline' in options.input) return resolve(dirs.launch, 'inline', `${api().sha256(`${options.input.inline}\n${options.includes.join('\n')}`)}.sh`)
  return undefined
}

export interface KeepRequest {
  options: RunScriptOptions
  dirs: CacheDirs
  requested: string
  compilerPath?: string
  startedAt: number
  fileSnapshot: Snapshot
  script: ScriptRun
  compile: TaskContext
}

export async function keepLaunchEntry(host: Host, request: KeepRequest): Promise<void> {
  const {options, dirs, script, compile, compilerPath} = request
  const entry = entryFor(options, dirs)
  if (!entry || options.noCache || compile.volatile) {
    if (entry && compile.volatile) removeLaunchEntry(entry)
    return
  }
  const foreign = foreignTaps(host)
  const reads = compile.reads
  // What the compiler read (its depfiles' list and response files), and its own files, are known only from this run:
  // a change since it started is too recent to trust. Files under the run's own root (the source as compiled) go
  // with it; the script itself stands for them.
  const headers = (compile.parts ?? []).filter(({kind, name}) => kind === 'read' && isAbsolute(name)).map(({name}) => name)
  // A bare name (`as`) is what the driver finds on PATH.
  const compilerFiles = (script.compiler.files ?? []).map((file) => findProgram(file)).filter((file): file is string => file !== undefined)
  const later = snapshot([...compilerFiles], request.startedAt)
  const read = snapshot(headers, request.startedAt)
  // In the launcher's stat order: script, compiler, compiler files, config files, tck and plugins, headers.
  const snapshots = [request.fileSnapshot, later, options.hostSnapshot.snapshot, read]
  const combined = {lines: snapshots.map(({lines}) => lines).filter(Boolean).join('\n'), racy: snapshots.some(({racy}) => racy)}
  const why = foreign.length > 0 ? `taps by ${foreign.join(', ')}` : !reads ? 'the compiler did not list the files it read' : combined.racy ? 'changed too recently' : undefined
  const helper = why || !compilerPath ? undefined : await execAs(join(dirs.launch, '..'), script.provider, script.compiler)
  if (!helper || !reads || !compilerPath) {
    api().log.debug(`no launch entry for ${script.file}: ${why ?? `${script.compiler.name} could not build the exec-as helper`}`)
    removeLaunchEntry(entry)
    return
  }
  await writeLaunchEntry(entry, {
    source: 'file' in options.input ? script.file : '',
    inline: 'inline' in options.input ? {code: options.input.inline, includes: options.includes} : undefined,
    compilerFlag: options.compiler ?? '',
    compilerName: request.requested,
    compilerPath,
    compilerFiles,
    configFiles: options.hostSnapshot.configFiles,
    extraFiles: options.hostSnapshot.files,
    dataFile: options.hostSnapshot.dataFile,
    headers,
    absent: reads.absent.map((name) => resolve(compile.build.root, name)),
    params: script.expansion,
    binary: script.binary!,
    execAs: helper,
    snapshot: combined,
  })
  await keepColdProfile(request, helper, compilerFiles)
}
