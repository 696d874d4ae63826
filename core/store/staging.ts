/**
 * Restores are written under `.tck/tmp/<pid>/` and renamed into place, never beside the output:
 * a restore killed half way (SIGKILL, power loss) leaves its temp file there, where no declared
 * output can pick it up, and the next process to restore removes the directories of dead pids.
 */
import {randomBytes} from 'node:crypto'
import {mkdirSync, readdirSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {isAlive} from '../io/pid.js'

const ready = new Set<string>()
const swept = new Set<string>()
let removeOnExit = false

export function stagingRoot(root: string): string {
  return join(root, '.tck', 'tmp')
}

/**
 * Removes what dead processes left in the staging area, once per root and process, before this
 * process puts anything there: a directory named by our own pid is then an earlier process's.
 */
export function removeCrashLeftovers(root: string): void {
  if (swept.has(root)) return
  swept.add(root)
  let names: string[] = []
  try {
    names = readdirSync(stagingRoot(root))
  } catch {
    return
  }
  for (const name of names) {
    const pid = Number(name)
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) continue
    rmSync(join(stagingRoot(root), name), {recursive: true, force: true})
  }
}

/** This process's staging directory in the project, made (after sweeping crash leftovers) on first use. */
export function stagingDir(root: string): string {
  const dir = join(stagingRoot(root), String(process.pid))
  if (!ready.has(dir)) {
    removeCrashLeftovers(root)
    ready.add(dir)
    if (!removeOnExit) {
      removeOnExit = true
      process.once('exit', () => {
        for (const made of ready) rmSync(made, {recursive: true, force: true})
      })
    }
    mkdirSync(dir, {recursive: true})
  }
  return dir
}

export function stagingFile(root: string): string {
  return join(stagingDir(root), randomBytes(8).toString('hex'))
}
