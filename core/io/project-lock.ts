/**
 * One build of a checkout at a time: two builds of the same project would clear, restore and
 * write the same outputs and `.tck/` state under each other (raw ENOENT, half-restored files).
 * The second waits, saying so on stderr, for `TCK_LOCK_TIMEOUT` seconds (default one hour), then
 * fails with LOCK_TIMEOUT; a holder that died (SIGKILL) is detected and its lock recovered at once.
 */
import {join} from 'node:path'
import {TckError} from '../errors.js'
import {withLock, type LockHolder} from './lock.js'

const DEFAULT_TIMEOUT_S = 3600

export function projectLockFile(root: string): string {
  return join(root, '.tck', 'build.lock')
}

function timeoutMs(env: NodeJS.ProcessEnv): number {
  const text = env.TCK_LOCK_TIMEOUT
  if (text === undefined || text === '') return DEFAULT_TIMEOUT_S * 1000
  const seconds = Number(text)
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new TckError('USAGE', `TCK_LOCK_TIMEOUT="${text}" is not a number of seconds`, {hint: 'e.g. TCK_LOCK_TIMEOUT=600'})
  }
  return seconds * 1000
}

export function withProjectLock<T>(root: string, fn: () => Promise<T>, env: NodeJS.ProcessEnv = process.env): Promise<T> {
  const onWait = (holder: LockHolder) =>
    process.stderr.write(`tck: waiting for another build of this project to finish (process ${holder.pid} on ${holder.host}, since ${holder.createdAt})\n`)
  return withLock(projectLockFile(root), fn, {timeoutMs: timeoutMs(env), onWait})
}
