/**
 * The no-change check, run by bin/run.js for `tck build` before anything else loads: when the
 * project's no-change record (record.ts) holds — the same directory, arguments, environment, and
 * every file, path, glob and program it names as it was — the build would be all hits of the keys
 * it had, with its outputs in place, so its summary is given without loading the host. Anything
 * else, or any doubt, is left to the build. `TCK_DEBUG` says why a record did not hold.
 */
import {existsSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {summaryLine, taskLine} from '../../progress/plain.js'
import type {BuildEvent} from '../events.js'
import {findTool} from '../tools.js'
import {sha256} from '../../io/digest.js'
import {buildArgs, envDigest, FORMAT, globDigest, isRacy, RECORD_FILE, sameStat, startDir, statAs, type UnchangedRecord} from './record.js'

/** The nearest record at or above `dir`, as the build's configuration search would find its project. */
function findRecord(dir: string): UnchangedRecord | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const file = join(at, '.tck', RECORD_FILE)
    if (existsSync(file)) {
      try {
        const record = JSON.parse(readFileSync(file, 'utf8')) as UnchangedRecord
        return record.format === FORMAT ? record : undefined
      } catch {
        return undefined
      }
    }
    if (dirname(at) === at) return undefined
  }
}

/** What differs from the record, or undefined when nothing does. */
async function difference(record: UnchangedRecord, args: string[]): Promise<string | undefined> {
  if (record.cwd !== process.cwd() || JSON.stringify(record.args) !== JSON.stringify(args)) return 'another directory or other arguments'
  if (record.env !== envDigest(process.env)) return 'the environment changed'
  for (const entry of record.files) {
    const [path, how, , , , , digest] = entry
    const info = statAs(path, how)
    if (!info || !sameStat(entry, info)) return `${path} changed`
    if (isRacy(entry, record.writtenAt) && (!digest || !info.isFile() || sha256(readFileSync(path)) !== digest)) return `${path} changed`
  }
  for (const path of record.present) if (!existsSync(path)) return `${path} is gone`
  for (const path of record.absent) if (existsSync(path)) return `${path} appeared`
  for (const [name, path, cwd, realpath] of record.tools) if ((findTool(name, path, cwd)?.realpath ?? '') !== realpath) return `${name} is another program`
  if (record.globs.length > 0) {
    const {glob} = await import('tinyglobby')
    for (const [patterns, options, found] of record.globs) if (globDigest(await glob(patterns, options)) !== found) return `${patterns.join(', ')} finds other files`
  }
  return undefined
}

/** Serves `tck build …` (`argv` without the command) from the project's record; false: the build must run. */
export async function serveUnchanged(argv: string[]): Promise<boolean> {
  const started = performance.now()
  const build = buildArgs(argv)
  if (!build || !['auto', 'tty', 'plain', 'none'].includes(build.progress)) return false
  const record = findRecord(startDir(argv))
  const why = record ? await difference(record, build.args) : 'no record of an earlier build'
  if (why || !record) {
    if (process.env.TCK_DEBUG) process.stderr.write(`tck:debug no-change check: ${why}; building\n`)
    return false
  }
  const total = record.tasks.length
  const end: Extract<BuildEvent, {type: 'build-end'}> = {
    type: 'build-end', time: Date.now(), ok: true, interrupted: false, durationMs: Math.round(performance.now() - started),
    counts: {built: 0, cached: total, failed: 0, skipped: 0, aborted: 0}, outcomes: [],
  }
  const progress = build.progress === 'auto' ? (process.stderr.isTTY && process.env.TERM !== 'dumb' ? 'tty' : 'plain') : build.progress
  if (progress === 'plain') {
    const lines = record.tasks.map((id, index) => taskLine({type: 'task-end', time: end.time, id, status: 'cached', durationMs: 0}, index + 1, total))
    process.stderr.write(`${[...lines, summaryLine(end)].join('\n')}\n`)
  } else if (progress === 'tty') {
    process.stderr.write(`${summaryLine(end)}\n`)
  }
  if (process.env.TCK_DEBUG) process.stderr.write(`tck:debug no-change check: nothing changed since the last build (${record.files.length} files)\n`)
  return true
}
