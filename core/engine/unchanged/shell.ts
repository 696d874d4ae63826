/**
 * The no-change record as bin/unchanged.sh reads it: shell assignments, sourced in one read.
 * Stat data is written as `stat -c '%i:%s:%.9Y:%.9Z'` prints it, so the check compares one
 * command's output with one string. What the shell cannot check exactly — a path with a newline,
 * a program named like an assignment — makes no record.
 */
import {lstatSync} from 'node:fs'
import {formatDuration} from '../../progress/state.js'
import {FORMAT, isRacy, type FileEntry, type UnchangedRecord} from './record.js'

const isLink = (path: string) => lstatSync(path, {throwIfNoEntry: false})?.isSymbolicLink() ?? false

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`

const seconds = (ns: string) => {
  const value = BigInt(ns)
  return `${value / 1_000_000_000n}.${(value % 1_000_000_000n).toString().padStart(9, '0')}`
}
const statLine = ([, , size, mtime, ino, ctime]: FileEntry) => `${ino}:${size}:${seconds(mtime)}:${seconds(ctime)}`

/** Why the record cannot be checked by the shell, or undefined. */
function unshellable(record: UnchangedRecord): string | undefined {
  const paths = [record.cwd, ...record.args, ...record.files.map(([path]) => path), ...record.present, ...record.absent]
  if (!record.env) return 'the shell could not say what the environment is'
  const odd = paths.find((path) => path.includes('\n'))
  if (odd !== undefined) return `${JSON.stringify(odd)} has a newline`
  const replay = record.replays.find(({argv, env}) => argv.length === 0 || argv[0].includes('=') || Object.keys(env).some((name) => name === '' || name.includes('=')))
  if (replay) return `task ${replay.id}'s command cannot be run again by env -i`
  const racy = record.files.find((entry) => entry[6] && entry[0].includes('\\') && isRacy(entry, record.writtenAt))
  return racy ? `${racy[0]} has a backslash` : undefined
}

/** The record's text, or the reason it cannot be written. */
export function renderRecord(record: UnchangedRecord): {text: string} | {refused: string} {
  const refused = unshellable(record)
  if (refused) return {refused}
  // A file looked at itself (lstat) that is no link is checked by the one `stat -L` of the rest.
  const [followed, linked] = [record.files.filter(([path, how]) => how === 's' || !isLink(path)), record.files.filter(([path, how]) => how === 'l' && isLink(path))]
  const racy = record.files.filter((entry) => entry[6] && isRacy(entry, record.writtenAt))
  const replayed = new Map(record.replays.map((replay, index) => [replay.id, index + 1]))
  const total = record.tasks.length
  // Cached tasks' lines as the plain view prints them; a replay's line gets its duration when it has run.
  const plan = record.tasks.map((id, index) => {
    const number = replayed.get(id)
    const line = `[${index + 1}/${total}] ${(number ? 'built' : 'cached').padEnd(7)} ${id}`
    return number ? `r${number} ${line}` : `c ${line} (${formatDuration(0)})`
  })
  const counts = [[replayed.size, 'built'], [total - replayed.size, 'cached']]
  const lines = [
    '# written by tck (core/engine/unchanged/shell.ts); read by bin/unchanged.sh',
    `u_format=${quote(FORMAT)}`,
    `u_cwd=${quote(record.cwd)}`,
    `u_args=${quote(record.args.join('\n'))}`,
    `u_argc=${record.args.length}`,
    `u_env=${quote(record.env!)}`,
    `u_sfiles=${quote(followed.map(([path]) => path).join('\n'))}`,
    `u_sstat=${quote(followed.map(statLine).join('\n'))}`,
    `u_lfiles=${quote(linked.map(([path]) => path).join('\n'))}`,
    `u_lstat=${quote(linked.map(statLine).join('\n'))}`,
    `u_racy=${quote(racy.filter(([, , , , , , digest]) => !digest.startsWith('dir:')).map(([path, , , , , , digest]) => `${digest}  ${path}`).join('\n'))}`,
    `u_racydirs=${quote(record.files.filter(([, , , , , , digest]) => digest.startsWith('dir:')).map(([path, , , , , , digest]) => `${digest.slice(4)}  ${path}`).join('\n'))}`,
    `u_present=${quote(record.present.join('\n'))}`,
    `u_absent=${quote(record.absent.join('\n'))}`,
    `u_plan=${quote(plan.join('\n'))}`,
    `u_counts=${quote(counts.filter(([count]) => count).map(([count, status]) => `${count} ${status}`).join(', ') || 'nothing to do')}`,
    `u_replays=${record.replays.length}`,
    ...record.replays.flatMap((replay, index) => [
      `u_r${index + 1}_cwd=${quote(replay.cwd)}`,
      `u_r${index + 1}=${quote(['env', '-i', ...Object.entries(replay.env).map(([name, value]) => `${name}=${value}`), ...replay.argv].map(quote).join(' '))}`,
    ]),
    `u_view=${record.stdout === undefined ? 'progress' : 'stdout'}`,
    `u_stdout=${quote(record.stdout ?? '')}`,
    '',
  ]
  return {text: lines.join('\n')}
}
