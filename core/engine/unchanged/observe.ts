/**
 * What one build observed, for the no-change record (record.ts), and the writing of that record
 * after a build that can be served again from it: every task a hit of the key this project
 * recorded with its outputs in place, from the config's own tasks, with no output to replay, and
 * every plugin tap that applied declared pure (`{pure: true}`: it reads only what the build
 * observes, so the record covers it).
 */
import {readFileSync, rmSync, type BigIntStats} from 'node:fs'
import {basename, extname, join, resolve} from 'node:path'
import {CONFIG_SEARCH_PLACES} from '../../config/load.js'
import {dataDir, listPlugins} from '../../plugins/list.js'
import {atomicWriteFile} from '../../io/atomic.js'
import {sha256} from '../../io/digest.js'
import type {DigestObserver} from '../../io/digest-cache.js'
import type {BuildSummary} from '../../pipeline.js'
import type {Build} from '../build.js'
import {lastResults} from '../results.js'
import {configSearch, envDigest, fileEntry, FORMAT, globDigest, isRacy, packageTree, RECORD_FILE, sameStat, statAs, type FileEntry, type GlobEntry, type ToolEntry, type UnchangedRecord} from './record.js'

export class Observations implements DigestObserver {
  readonly #files = new Map<string, FileEntry>()
  readonly #present = new Set<string>()
  readonly #absent = new Set<string>()
  readonly #globs = new Map<string, GlobEntry>()
  readonly #tools = new Map<string, ToolEntry>()
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

  glob(patterns: string[], options: Record<string, unknown>, found: string[]): void {
    this.#globs.set(JSON.stringify([patterns, options]), [patterns, options, globDigest(found)])
  }

  tool(name: string, path: string, cwd: string, realpath: string | undefined): void {
    this.#tools.set(`${name}\0${path}\0${cwd}`, [name, path, cwd, realpath ?? ''])
  }

  refuse(reason: string): void {
    this.refused ??= reason
  }

  /** The record of what was observed; `atStart`: what was seen before the host loaded (tck, plugins, configuration search). */
  record(atStart: {files: FileEntry[]; absent: string[]}, cwd: string, args: string[], tasks: string[]): UnchangedRecord {
    return {
      format: FORMAT,
      writtenAt: Date.now(),
      cwd,
      args,
      env: envDigest(process.env),
      files: [...atStart.files, ...this.#files.values()],
      present: [...this.#present],
      absent: [...atStart.absent, ...this.#absent],
      globs: [...this.#globs.values()],
      tools: [...this.#tools.values()],
      tasks,
    }
  }
}

/** tck's own files that a build or this check runs, beside its plugins. */
const TCK_FILES = ['package.json', 'bin', 'dist/core/fast.bundle.js', 'dist/core/engine/unchanged', 'dist/core/engine/tools.js', 'dist/core/engine/events.js', 'dist/core/progress', 'node_modules/tinyglobby/package.json']

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
  const notHit = summary.outcomes.find((outcome) => outcome.status !== 'cached' || outcome.cacheLevel !== 'this project')
  if (notHit) return `task ${notHit.id} was ${notHit.status === 'cached' ? `served by ${notHit.cacheLevel}` : notHit.status}`
  const parsers = build.recipeParsers()
  if (parsers.some((parser) => parser !== 'config')) return `recipes came from ${parsers.filter((parser) => parser !== 'config').join(', ')}`
  const kinds = [...new Set([...build.graph!.tasks.values()].map((task) => task.kind))]
  const impure = build.driver.impurePlugins(kinds, parsers)
  if (impure.length > 0) return `taps of ${impure.join(', ')} apply and are not declared pure`
  const results = (await lastResults(build.state)).value
  const replays = summary.outcomes.find(({id}) => results[id]?.action.stdoutDigest || results[id]?.action.stderrDigest)
  if (replays) return `task ${replays.id} has output to replay`
  return build.observed.refused
}

/** The no-change record's path in a build's state directory. */
export const recordPath = (build: Build) => join(build.state.dir, RECORD_FILE)

/** Forgets the record: a build is starting, and what it changes the record would not know. */
export function forgetUnchanged(build: Build): void {
  rmSync(recordPath(build), {force: true})
}

/**
 * Writes the record of a finished build when it can be served again from it, and says why not
 * otherwise. A file without a digest (a directory, a plugin's code) that changed in the last
 * moments cannot be vouched for by stat data: then the next build records instead.
 */
export async function recordUnchanged(
  build: Build, summary: BuildSummary, run: {cwd: string; args: string[]; atStart: {files: FileEntry[]; absent: string[]}},
): Promise<string | undefined> {
  const why = await unrecordable(build, summary)
  if (why) return why
  const record = build.observed.record(run.atStart, run.cwd, run.args, summary.outcomes.map(({id}) => id))
  const racy = record.files.find((entry) => !entry[6] && isRacy(entry, record.writtenAt))
  if (racy) return `${racy[0]} changed a moment ago`
  await atomicWriteFile(recordPath(build), JSON.stringify(record))
  return undefined
}
