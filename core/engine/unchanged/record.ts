/**
 * The no-change record (`.tck/unchanged-<command>.sh`): everything a build observed, so that the
 * next run of the same command can tell, from stat data alone and before Node starts, that it
 * would give the same result: bin/tck sources the record and checks it in sh (bin/unchanged.sh).
 * Observed are every file the build digested or found in place (by stat data, as the digest cache
 * trusts them), every path it found present or absent, the directories each glob walked, the
 * places every program lookup on a PATH looked, the configuration search, and every file of tck
 * and its plugins. Tasks that are never cached (a `cmake --build`, a test run) are kept as the
 * exact request the executor ran, which the check runs again.
 */
import {spawnSync} from 'node:child_process'
import {lstatSync, readdirSync, readFileSync, statSync, type BigIntStats} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {sha256} from '../../io/digest.js'
import {packageFiles} from '../../plugins/identity.js'

/** The record's format, as bin/unchanged.sh expects it. */
export const FORMAT = 'tck-unchanged/2'
export const recordFile = (command: string) => `unchanged-${command}.sh`
/** Files changed this close to the record's writing may change again within one mtime tick: their content is checked too. */
export const RACY_MS = 2000

/** How a file was looked at (`s`: stat, following links; `l`: lstat, the link itself), its stat data, and its SHA-256 when it is a file tck read. */
export type FileEntry = [path: string, how: 's' | 'l', size: number, mtimeNs: string, ino: number, ctimeNs: string, digest: string]

/** A task that is never cached, as its executor ran it: run again, in the same order, by the check. */
export interface Replay {
  id: string
  argv: string[]
  cwd: string
  env: Record<string, string>
}

export interface UnchangedRecord {
  /** The command (`build`, `configure`), the directory it ran in and its arguments (progress flags aside). */
  command: string
  cwd: string
  args: string[]
  env?: string
  writtenAt: number
  files: FileEntry[]
  present: string[]
  absent: string[]
  /** Every task in the order the plain progress view listed them; those in `replays` ran. */
  tasks: string[]
  replays: Replay[]
  /** What the command prints instead of a build's progress view (`tck configure`'s verdict). */
  stdout?: string
}

/**
 * The environment's digest as the check computes it: what `export -p` of /bin/sh lists, without
 * the variables a shell changes between two commands (which no task sees differently; the working
 * directory is compared as such) and tck's diagnostics switch. Asked of the same shell, so both
 * sides quote and order the variables alike; the check then runs one program, not four.
 */
const ENV_DIGEST = 'unset _ OLDPWD SHLVL PWD TCK_DEBUG; export -p | sha256sum'

export function envDigest(env: NodeJS.ProcessEnv): string | undefined {
  const digest = spawnSync('/bin/sh', ['-c', ENV_DIGEST], {env, encoding: 'utf8'})
  return digest.status === 0 ? digest.stdout.split(' ')[0] : undefined
}

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

/** Whether the file changed so shortly before `at` (ms) that stat data cannot vouch for its content. */
export function isRacy(entry: FileEntry, at: number): boolean {
  const [mtime, ctime] = [BigInt(entry[3]), BigInt(entry[5])]
  return at - Number((mtime > ctime ? mtime : ctime) / 1_000_000n) < RACY_MS
}

/**
 * A directory's entries as `LC_ALL=C ls -AF --quoting-style=literal` lists them (names in byte
 * order, each with its kind's mark), as a digest: for a directory changed within one mtime tick of
 * the record, whose stat data cannot vouch for what it holds. Undefined when a name has a newline.
 */
export function listingDigest(dir: string): string | undefined {
  const names = readdirSync(dir, {encoding: 'buffer'}).sort(Buffer.compare)
  if (names.some((name) => name.includes(10))) return undefined
  const lines = names.map((name) => {
    const info = lstatSync(Buffer.concat([Buffer.from(`${dir}/`), name]))
    const mark = info.isDirectory() ? '/' : info.isSymbolicLink() ? '@' : info.isFIFO() ? '|' : info.isSocket() ? '=' : info.isFile() && info.mode & 0o111 ? '*' : ''
    return Buffer.concat([name, Buffer.from(`${mark}\n`)])
  })
  return `dir:${sha256(Buffer.concat(lines))}`
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
