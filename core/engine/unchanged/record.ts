/**
 * The no-change record (`.tck/unchanged.json`): everything a fully cached build observed, so the
 * next `tck build` can tell, from stat data alone and before loading tck, that it would be all
 * hits again (check.ts). Observed are every file the build digested or found in place (by stat
 * data, as the digest cache trusts them), every path it found present or absent, every glob's
 * result, every program lookup on a PATH, the configuration search, and every file of tck and
 * its plugins. Only node's built-ins here: check.ts reads this module before anything else loads.
 */
import {lstatSync, readFileSync, statSync, type BigIntStats} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {sha256} from '../../io/digest.js'
import {packageFiles} from '../../plugins/identity.js'

export const FORMAT = 'tck-unchanged/1'
export const RECORD_FILE = 'unchanged.json'
/** Files changed this close to the record's writing may change again within one mtime tick: their content is checked too. */
export const RACY_MS = 2000

/** How a file was looked at (`s`: stat, following links; `l`: lstat, the link itself), its stat data, and its SHA-256 when it is a file tck read. */
export type FileEntry = [path: string, how: 's' | 'l', size: number, mtimeNs: string, ino: number, ctimeNs: string, digest: string]
/** A glob run: its patterns and options, and the digest of what it found (sorted). */
export type GlobEntry = [patterns: string[], options: Record<string, unknown>, found: string]
/** A program looked up on a PATH from a directory, and the real file exec would run ('' when none). */
export type ToolEntry = [name: string, path: string, cwd: string, realpath: string]

export interface UnchangedRecord {
  format: typeof FORMAT
  writtenAt: number
  /** The directory `tck build` ran in and its arguments (progress flags aside). */
  cwd: string
  args: string[]
  env: string
  files: FileEntry[]
  present: string[]
  absent: string[]
  globs: GlobEntry[]
  tools: ToolEntry[]
  /** The tasks, in the order the plain progress view lists them. */
  tasks: string[]
}

/** Variables a shell changes between two commands, which no task can see differently. */
const VOLATILE_ENV = new Set(['_', 'OLDPWD', 'SHLVL'])

export function envDigest(env: NodeJS.ProcessEnv): string {
  const entries = Object.entries(env).filter(([name]) => !VOLATILE_ENV.has(name)).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  return sha256(JSON.stringify(entries))
}

export const globDigest = (found: string[]) => sha256([...found].sort().join('\0'))

/** Flags that only change how progress is shown; any other difference in the arguments is a different build. */
const PROGRESS_FLAG = /^--progress(=.*)?$/
/** Flags whose output the check cannot give (events, explanations, traces) or that are not a build. */
const NOT_SERVED = /^(--json|--explain|--trace-hooks|--help|-h|--)$|^--(json|explain|trace-hooks)=/

/** The arguments that identify a build (without progress flags), and its progress mode; undefined when the check cannot serve them. */
export function buildArgs(args: string[]): {args: string[]; progress: string} | undefined {
  const kept: string[] = []
  let progress = 'auto'
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]
    if (NOT_SERVED.test(arg)) return undefined
    if (PROGRESS_FLAG.test(arg)) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i]
      if (value === undefined) return undefined
      progress = value
      continue
    }
    kept.push(arg)
  }
  return {args: kept, progress}
}

/** The directory a build of `args` starts from: `--cwd`'s, else the process's. */
export function startDir(args: string[]): string {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--cwd' && args[i + 1] !== undefined) return resolve(args[i + 1])
    if (args[i].startsWith('--cwd=')) return resolve(args[i].slice('--cwd='.length))
  }
  return process.cwd()
}

/** Whether the file changed so shortly before `at` (ms) that stat data cannot vouch for its content. */
export function isRacy(entry: FileEntry, at: number): boolean {
  const [mtime, ctime] = [BigInt(entry[3]), BigInt(entry[5])]
  return at - Number((mtime > ctime ? mtime : ctime) / 1_000_000n) < RACY_MS
}

/** Whether `info` is the stat data `entry` recorded. */
export function sameStat(entry: FileEntry, info: BigIntStats): boolean {
  return Number(info.size) === entry[2] && info.mtimeNs.toString() === entry[3] && Number(info.ino) === entry[4] && info.ctimeNs.toString() === entry[5]
}

export function fileEntry(path: string, how: 's' | 'l', info: BigIntStats, digest = ''): FileEntry {
  return [path, how, Number(info.size), info.mtimeNs.toString(), Number(info.ino), info.ctimeNs.toString(), digest]
}

/** Stat data of `path` as `entry` looked at it, or undefined when it is gone. */
export function statAs(path: string, how: 's' | 'l'): BigIntStats | undefined {
  try {
    return how === 'l' ? lstatSync(path, {bigint: true}) : statSync(path, {bigint: true})
  } catch {
    return undefined
  }
}

/** Every file and directory of a package, but what it depends on: a plugin's code, a changed or added file of which is a new build. */
export function packageTree(root: string, into: FileEntry[]): void {
  const dirs: string[] = []
  const files = packageFiles(root, dirs)
  for (const dir of dirs) into.push(fileEntry(dir, 's', statSync(dir, {bigint: true})))
  for (const file of files) into.push(fileEntry(file, 'l', lstatSync(file, {bigint: true})))
}

/**
 * Each place the configuration search looks, in each directory from `cwd` up to the first that
 * has one of them (where the search stops, whichever it finds there), as present or absent.
 */
export function configSearch(cwd: string, places: readonly string[], files: FileEntry[], absent: string[]): void {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    let found = false
    for (const place of places) {
      const path = join(dir, place)
      const info = statAs(path, 's')
      if (!info) absent.push(path)
      else {
        // With its digest: a configuration edited a moment before the build is then checked by content.
        files.push(fileEntry(path, 's', info, info.isFile() ? sha256(readFileSync(path)) : ''))
        found = true
      }
    }
    if (found || dirname(dir) === dir) return
  }
}
