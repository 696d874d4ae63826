/**
 * Cross-process locks: a lock file created with O_EXCL holding the owner's pid, host and a token.
 * A waiter polls until the holder releases it, the timeout passes, or the holder is found dead
 * (same host, pid gone) — then the stale lock is removed under a short "recovery" lock so two
 * waiters never both delete it and one of them steals a live lock.
 */
import {randomBytes} from 'node:crypto'
import {hostname} from 'node:os'
import {mkdir, open, readFile, rm, stat} from 'node:fs/promises'
import {dirname} from 'node:path'
import {TckError} from '../errors.js'
import {isAlive} from './pid.js'

export interface LockOptions {
  /**
   * Give up after this long (default one hour: a waiter may sit behind a 1 GB toolchain download
   * on a slow line; a holder that died is detected at once, whatever the timeout).
   */
  timeoutMs?: number
  /** Told once when we start waiting for another holder. */
  onWait?: (holder: LockHolder) => void
}

export interface LockHolder {
  pid: number
  host: string
  token: string
  createdAt: string
}

export interface Lock {
  path: string
  release(): Promise<void>
}

/** A lock file whose writer died before writing its content is stale after this long. */
const EMPTY_LOCK_GRACE_MS = 10_000

async function readHolder(path: string): Promise<LockHolder | undefined | 'missing'> {
  try {
    const text = await readFile(path, 'utf8')
    return text ? (JSON.parse(text) as LockHolder) : undefined
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing'
    return undefined
  }
}

async function tryCreate(path: string, holder: LockHolder): Promise<boolean> {
  try {
    const handle = await open(path, 'wx')
    try {
      await handle.writeFile(JSON.stringify(holder))
    } finally {
      await handle.close()
    }
    return true
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw error
  }
}

async function isStale(path: string, holder: LockHolder | undefined): Promise<boolean> {
  if (holder) return holder.host === hostname() && !isAlive(holder.pid)
  const info = await stat(path).catch(() => undefined)
  return info !== undefined && Date.now() - info.mtimeMs > EMPTY_LOCK_GRACE_MS
}

/** Removes a stale lock, but only if it is still the same stale lock once we hold the recovery lock. */
async function recoverStale(path: string, seen: LockHolder | undefined): Promise<void> {
  const recovery = `${path}.recover`
  const me: LockHolder = {pid: process.pid, host: hostname(), token: randomBytes(8).toString('hex'), createdAt: new Date().toISOString()}
  if (!(await tryCreate(recovery, me))) {
    const other = await readHolder(recovery)
    if (other !== 'missing' && (await isStale(recovery, other))) await rm(recovery, {force: true})
    return
  }
  try {
    const now = await readHolder(path)
    const same = now === 'missing' ? false : now?.token === seen?.token
    if (same && (await isStale(path, now === 'missing' ? undefined : now))) await rm(path, {force: true})
  } finally {
    await rm(recovery, {force: true})
  }
}

export async function acquireLock(path: string, options: LockOptions = {}): Promise<Lock> {
  const timeoutMs = options.timeoutMs ?? 3_600_000
  const deadline = Date.now() + timeoutMs
  const me: LockHolder = {pid: process.pid, host: hostname(), token: randomBytes(12).toString('hex'), createdAt: new Date().toISOString()}
  await mkdir(dirname(path), {recursive: true})
  let delay = 25
  let told = false
  for (;;) {
    if (await tryCreate(path, me)) {
      return {
        path,
        async release() {
          const holder = await readHolder(path)
          if (holder !== 'missing' && holder?.token === me.token) await rm(path, {force: true})
        },
      }
    }
    const holder = await readHolder(path)
    if (holder === 'missing') continue
    if (await isStale(path, holder)) {
      await recoverStale(path, holder)
      continue
    }
    if (!told && holder) {
      told = true
      options.onWait?.(holder)
    }
    if (Date.now() >= deadline) {
      const who = holder ? `process ${holder.pid} on ${holder.host} since ${holder.createdAt}` : 'another process'
      throw new TckError('LOCK_TIMEOUT', `timed out after ${Math.round(timeoutMs / 1000)} s waiting for lock ${path}, held by ${who}`, {
        hint: 'Wait for that process to finish; if it is stuck, stop it (its lock is then recovered automatically).',
      })
    }
    await new Promise((resolve) => setTimeout(resolve, delay))
    delay = Math.min(delay * 2, 500)
  }
}

export async function withLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const lock = await acquireLock(path, options)
  try {
    return await fn()
  } finally {
    await lock.release()
  }
}
