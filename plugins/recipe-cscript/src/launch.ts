/**
 * The launch index: for each script path, a small sh file the launcher (bin/tck) sources to run a
 * cached binary without Node. It lists everything that must still hold, in a form the launcher
 * checks with one `stat` and builtins: the script file and the compiler file unchanged (device,
 * inode, size, mtime and ctime in ns — ctime cannot be set back, so any write shows), the same
 * config files, host and plugin set, compiler environment and params expansion.
 */
import {mkdirSync, rmSync, statSync} from 'node:fs'
import {normalize} from 'node:path'
import {api} from './api.js'

/** Variables the compiler itself reads; the launcher compares them as one string. */
export const COMPILER_ENV = ['CPATH', 'C_INCLUDE_PATH', 'LIBRARY_PATH', 'GCC_EXEC_PREFIX', 'COMPILER_PATH']

/** cosmiconfig's search places, in the launcher's order; the walk stops at a dir holding any of them. */
export const CONFIG_NAMES = [
  'package.json', '.tckrc', '.tckrc.json', '.tckrc.yaml', '.tckrc.yml', '.tckrc.js', '.tckrc.mjs', '.tckrc.cjs',
  'tck.config.mjs', 'tck.config.js', 'tck.config.cjs', 'tck.config.json', 'tck.config.yaml', 'tck.config.yml',
]

/** A write closer to the file's ctime than this could share its timestamp tick: trust content, not stat. */
const RACY_MS = 100

export function statLine(path: string): string | undefined {
  try {
    const info = statSync(path, {bigint: true})
    const time = (ns: bigint) => `${ns / 1_000_000_000n}.${String(ns % 1_000_000_000n).padStart(9, '0')}`
    return `${info.dev}:${info.ino}:${info.size}:${time(info.mtimeNs)}:${time(info.ctimeNs)}`
  } catch {
    return undefined
  }
}

export interface Snapshot {
  /** What the launcher's `stat` must print for these files (missing files print nothing). */
  lines: string
  /** A file changed so recently that a later write could share its timestamps: write no entry. */
  racy: boolean
}

/**
 * Taken before the files are read, so a write after the read always shows as a difference; or
 * after, with `since` the time they were first read, when any change since then counts as racy.
 */
export function snapshot(paths: string[], since = Date.now()): Snapshot {
  const racy = paths.some((path) => {
    try {
      return since - statSync(path).ctimeMs < RACY_MS
    } catch {
      return false
    }
  })
  return {lines: paths.map(statLine).filter((line) => line !== undefined).join('\n'), racy}
}

/** The files that can make up the config seen from `cwd` (the launcher's walk, mirrored). */
export function configCandidates(cwd: string): string[] {
  let dir = cwd === '/' ? '' : cwd
  for (;;) {
    const found = CONFIG_NAMES.map((name) => `${dir}/${name}`).filter((path) => {
      try {
        return statSync(path).isFile()
      } catch {
        return false
      }
    })
    if (found.length > 0 || dir === '') return found
    dir = dir.slice(0, dir.lastIndexOf('/'))
  }
}

export function compilerEnv(env = process.env): string {
  return COMPILER_ENV.map((name) => env[name] ?? '').join('|')
}

/** The entry path as the launcher spells it (`$cache/launch$PWD/$file.sh`), made walkable through `..`. */
export function launchEntryPath(launchDir: string, cwd: string, fileArg: string): string {
  const literal = `${launchDir}${fileArg.startsWith('/') ? fileArg : `${cwd}/${fileArg}`}.sh`
  let prefix = ''
  for (const [index, part] of literal.split('/').entries()) {
    if (part === '..' && prefix) mkdirSync(prefix, {recursive: true})
    prefix = index === 0 ? part : `${prefix}/${part}`
  }
  return normalize(literal)
}

/** A value as one sh word, for the files the launcher sources. */
export const shQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`

export interface LaunchEntry {
  /** The script's absolute path; '' for inline code. */
  source: string
  /** Inline code and `-I` headers as given: the launcher compares them in full. */
  inline?: {code: string; includes: string[]}
  /** `--compiler` as given on the command line ('' when absent), and the name the launcher resolves on PATH. */
  compilerFlag: string
  compilerName: string
  compilerPath: string
  /** The compiler proper behind `compilerPath` (cc1, ...). */
  compilerFiles: string[]
  configFiles: string[]
  /** Host and plugin-set files: a changed one means a different tck or different plugins. */
  extraFiles: string[]
  /** The installed-plugins manifest the launcher expects (it computes its own from the environment). */
  dataFile: string
  /** Every file the compiler read (headers, libraries, start files), by path. */
  headers: string[]
  /** Names that must stay absent: one would shadow a header or library the compiler found later on its search path. */
  absent: string[]
  params?: {raw: string; expanded: string; dynamic: boolean}
  binary: string
  /** The helper that execs `binary` with the argv[0] the user typed (exec-as.ts). */
  execAs: string
  /** Of source, compiler path, compiler files, config files, extra files and headers, in that order, taken before they were read. */
  snapshot: Snapshot
}

export async function writeLaunchEntry(path: string, entry: LaunchEntry): Promise<void> {
  const lines = [
    '# written by tck run (plugins/recipe-cscript/src/launch.ts); read by bin/tck',
    `e_code=${shQuote(entry.inline?.code ?? '')}`,
    `e_includes=${shQuote(entry.inline?.includes.join('\n') ?? '')}`,
    `e_ccflag=${shQuote(entry.compilerFlag)}`,
    `e_ccname=${shQuote(entry.compilerName)}`,
    `e_cc=${shQuote(entry.compilerPath)}`,
    `e_ccfiles=${shQuote(entry.compilerFiles.join('\n'))}`,
    `e_cfgs=${shQuote(entry.configFiles.join('\n'))}`,
    `e_extra=${shQuote(entry.extraFiles.join('\n'))}`,
    `e_data=${shQuote(entry.dataFile)}`,
    `e_hdrs=${shQuote(entry.headers.join('\n'))}`,
    `e_absent=${shQuote(entry.absent.join('\n'))}`,
    `e_stat=${shQuote(entry.snapshot.lines)}`,
    `e_env=${shQuote(compilerEnv())}`,
    `e_pdyn=${entry.params?.dynamic ? '1' : "''"}`,
    `e_params=${shQuote(entry.params?.raw ?? '')}`,
    `e_pexp=${shQuote(entry.params?.expanded ?? '')}`,
    `e_bin=${shQuote(entry.binary)}`,
    `e_execas=${shQuote(entry.execAs)}`,
    '',
  ]
  await api().atomicWriteFile(path, lines.join('\n'))
}

export function removeLaunchEntry(path: string): void {
  rmSync(path, {force: true})
}
