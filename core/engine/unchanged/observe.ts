/**
 * What one build observed, for the no-change record (record.ts), and the writing of that record
 * after a build that can be served again from it: every task a hit of the key this project
 * recorded with its outputs in place, or never cached and run by the local executor (kept as its
 * request, to run again), from the config's own tasks or a parser that says what it read, with no
 * output to replay, and every plugin tap that applied declared pure (`{pure: true}`: it reads only
 * what the build observes, so the record covers it).
 */
import {readFileSync, rmSync, type BigIntStats} from 'node:fs'
import {basename, delimiter, extname, join, resolve} from 'node:path'
import {glob, globSync} from 'tinyglobby'
import {CONFIG_SEARCH_PLACES} from '../../config/load.js'
import {dataDir, listPlugins} from '../../plugins/list.js'
import {atomicWriteFile} from '../../io/atomic.js'
import {sha256} from '../../io/digest.js'
import type {DigestObserver} from '../../io/digest-cache.js'
import type {BuildObserver, BuildSummary} from '../../pipeline.js'
import type {Build} from '../build.js'
import {lastResults} from '../results.js'
import {findTool, type FoundTool} from '../tools.js'
import {configSearch, envDigest, fileEntry, isRacy, listingDigest, packageTree, recordFile, sameStat, statAs, type FileEntry, type Replay, type UnchangedRecord} from './record.js'
import {renderRecord} from './shell.js'

/**
 * The directories a glob lists: the one it starts from and every one a proper prefix of a pattern
 * matches. An entry added to, removed from or renamed in any of them changes that directory's
 * stat data, so they stand for the glob's result.
 */
function walkedDirs(patterns: string[], options: Record<string, unknown>): string[] | undefined {
  const cwd = resolve(String(options.cwd ?? '.'))
  const dirs = new Set([cwd])
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) continue
    if (/\{[^}]*\//.test(pattern)) return undefined
    const segments = pattern.split('/')
    for (let length = 1; length < segments.length; length++) {
      const prefix = segments.slice(0, length).join('/')
      for (const dir of globSync(prefix, {...options, onlyDirectories: true})) dirs.add(resolve(cwd, dir))
    }
  }
  return [...dirs]
}

export class Observations implements DigestObserver {
  readonly #files = new Map<string, FileEntry>()
  readonly #present = new Set<string>()
  readonly #absent = new Set<string>()
  readonly #replays = new Map<string, Replay>()
  /** Globs already observed: the many tasks with the same input pattern look at the same directories. */
  readonly #globs = new Set<string>()
  /** Why the build cannot be recorded: something it saw changed while it ran, or cannot be checked by stat data. */
  refused?: string

  file(path: string, how: 's' | 'l', info: BigIntStats, digest = ''): void {
    const entry = fileEntry(resolve(path), how, info, digest)
    const id = how + entry[0]
    const known = this.#files.get(id)
    if (known && !sameStat(known, info)) this.refuse(`${entry[0]} changed during the build`)
    if (!known || (digest && !known[6])) this.#files.set(id, entry)
  }

  exists(path: string, present: boolean): void {
    ;(present ? this.#present : this.#absent).add(resolve(path))
  }

  glob(patterns: string[], options: Record<string, unknown>): void {
    const id = JSON.stringify([patterns, options])
    if (this.#globs.has(id)) return
    this.#globs.add(id)
    const dirs = walkedDirs(patterns, options)
    if (!dirs) return this.refuse(`the glob ${patterns.join(', ')} has a brace with a slash`)
    for (const dir of dirs) {
      const info = statAs(dir, 's')
      if (!info) this.exists(dir, false)
      else if (!info.isDirectory()) this.file(dir, 's', info)
      else if (!isRacy(fileEntry(dir, 's', info), Date.now())) this.file(dir, 's', info)
      else {
        // Changed a moment ago: what it lists is recorded too, unless a name cannot be (then the next build records).
        const listing = listingDigest(dir)
        if (listing) this.file(dir, 's', info, listing)
        else this.refuse(`${dir} has a name with a newline`)
      }
    }
  }

  /** A program looked up on `path` from `cwd`: every place looked before the one found is absent, the found one is as it was. */
  tool(name: string, path: string, cwd: string, found: FoundTool | undefined): void {
    const places = name.includes('/') ? [resolve(cwd, name)] : path.split(delimiter).map((dir) => resolve(cwd, dir, name))
    for (const place of places) {
      if (place === found?.path) return this.file(place, 's', found.info)
      this.exists(place, false)
    }
  }

  /** A task that is never cached, as the local executor ran it. */
  replay(replay: Replay): void {
    this.#replays.set(replay.id, replay)
  }

  replayed(id: string): boolean {
    return this.#replays.has(id)
  }

  refuse(reason: string): void {
    this.refused ??= reason
  }

  /** The record of what was observed; `atStart`: what was seen before the host loaded (tck, plugins, configuration search). */
  record(atStart: {files: FileEntry[]; absent: string[]}, run: {command: string; cwd: string; args: string[]; stdout?: string}, tasks: string[]): UnchangedRecord {
    return {
      ...run,
      env: envDigest(process.env),
      writtenAt: Date.now(),
      files: [...atStart.files, ...this.#files.values()],
      present: [...this.#present],
      absent: [...atStart.absent, ...this.#absent],
      tasks,
      replays: tasks.flatMap((id) => this.#replays.get(id) ?? []),
    }
  }
}

/** The build's observer as plugins see it: each read recorded as it is made. */
export function observer(observed: Observations): BuildObserver {
  return {
    stat(path) {
      const info = statAs(path, 's')
      if (!info) return void observed.exists(path, false)
      observed.file(path, 's', info)
      return info
    },
    readFile(path) {
      const info = statAs(path, 's')
      if (!info?.isFile()) return void observed.exists(path, false)
      try {
        const text = readFileSync(path, 'utf8')
        observed.file(path, 's', info, sha256(text))
        return text
      } catch {
        observed.file(path, 's', info)
        return undefined
      }
    },
    which(name) {
      const found = findTool(name, process.env.PATH ?? '', process.cwd())
      observed.tool(name, process.env.PATH ?? '', process.cwd(), found)
      return found?.path
    },
    async glob(patterns, options) {
      const found = await glob(patterns, options)
      observed.glob(patterns, options)
      return found
    },
    refuse: (reason) => observed.refuse(reason),
  }
}

/** tck's own files that a build or this check runs, beside its plugins. */
const TCK_FILES = ['package.json', 'bin', 'dist/core/fast.bundle.js', 'node_modules/tinyglobby/package.json']

/**
 * What the host is about to load, seen before it loads (a change while it loads is then a
 * difference): tck's files, every plugin's package, the list of installed ones, and the places the
 * configuration search looks (or the file given).
 */
export function observeStart(tckRoot: string, cwd: string, configFile?: string): {files: FileEntry[]; absent: string[]} {
  const files: FileEntry[] = []
  const absent: string[] = []
  const observe = (path: string, withDigest = false) => {
    const info = statAs(path, 's')
    if (!info) absent.push(path)
    else if (info.isDirectory()) packageTree(path, files)
    else files.push(fileEntry(path, 's', info, withDigest ? sha256(readFileSync(path)) : ''))
  }
  for (const file of TCK_FILES) observe(join(tckRoot, file))
  observe(join(dataDir(), 'package.json'))
  for (const plugin of listPlugins(tckRoot)) if (plugin.root !== tckRoot) packageTree(plugin.root, files)
  if (configFile) observe(resolve(cwd, configFile), true)
  else configSearch(cwd, CONFIG_SEARCH_PLACES, files, absent)
  return {files, absent}
}

/** A configuration that is data, with no code to run and no hooks to tap. */
const DATA_CONFIG = new Set(['.json', '.yaml', '.yml', ''])
const isDataConfig = (file: string) => DATA_CONFIG.has(extname(file)) || basename(file) === '.tckrc'

/** Why a finished build cannot be served again from its record; undefined when it can. */
async function unrecordable(build: Build, summary: BuildSummary): Promise<string | undefined> {
  if (!summary.ok) return 'the build did not succeed'
  if (build.configFile && (!isDataConfig(build.configFile) || build.config.register)) return 'the configuration is code'
  const notServed = summary.outcomes.find((outcome) => outcome.status === 'cached' ? outcome.cacheLevel !== 'this project' : !(outcome.status === 'built' && build.observed.replayed(outcome.id)))
  if (notServed) return `task ${notServed.id} was ${notServed.status === 'cached' ? `served by ${notServed.cacheLevel}` : notServed.status}`
  const parsers = build.recipeParsers()
  const unobserved = parsers.filter((parser) => parser !== 'config' && !build.registries.recipeParser.get(parser).observes)
  if (unobserved.length > 0) return `recipes came from ${unobserved.join(', ')}, which does not say what it read`
  const kinds = [...new Set([...build.graph!.tasks.values()].map((task) => task.kind))]
  const impure = build.driver.impurePlugins(kinds, parsers)
  if (impure.length > 0) return `taps of ${impure.join(', ')} apply and are not declared pure`
  const results = (await lastResults(build.state)).value
  // A hit prints its recorded output only where the task has the terminal's streams.
  const inherits = (id: string) => build.tasks.get(id)?.request?.stdio === 'inherit'
  const replays = summary.outcomes.find(({id}) => inherits(id) && (results[id]?.action.stdoutDigest || results[id]?.action.stderrDigest))
  if (replays) return `task ${replays.id} has output to replay`
  return build.observed.refused
}

/**
 * Writes the record of a finished command when it can be served again from it; otherwise removes
 * the command's last record and says why. A file without a digest (a directory, a plugin's code)
 * that changed in the last moments cannot be vouched for by stat data: then the next run records.
 */
export async function recordUnchanged(
  build: Build, summary: BuildSummary,
  run: {command: string; cwd: string; args: string[]; stdout?: string; atStart: {files: FileEntry[]; absent: string[]}},
): Promise<string | undefined> {
  const file = join(build.state.dir, recordFile(run.command))
  const rendered = await recordText(build, summary, run)
  if ('text' in rendered) return void (await atomicWriteFile(file, rendered.text))
  rmSync(file, {force: true})
  return rendered.refused
}

async function recordText(build: Build, summary: BuildSummary, run: Parameters<typeof recordUnchanged>[2]): Promise<{text: string} | {refused: string}> {
  const why = await unrecordable(build, summary)
  if (why) return {refused: why}
  const {atStart, ...command} = run
  const record = build.observed.record(atStart, command, summary.outcomes.map(({id}) => id))
  const racy = record.files.find((entry) => !entry[6] && isRacy(entry, record.writtenAt))
  if (racy) return {refused: `${racy[0]} changed a moment ago`}
  return renderRecord(record)
}
