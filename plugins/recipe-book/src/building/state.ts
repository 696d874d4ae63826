/**
 * A book build's state (`state.json` in the book's state directory), written atomically after
 * every package that reaches the target root: what was asked (so `--resume` can ask it again),
 * the plan, and per package its status, archive digest and last build time (the SBU table needs
 * times of packages that came from the cache this run).
 */
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import {tckApi} from '../runtime.js'

export interface PackageState {
  status: 'built' | 'cached'
  digest: string
  /** How long its last real build took (a cache hit keeps the time of the build it came from). */
  durationMs: number
  mergedAt: string
}

export interface BookState {
  book: string
  file: string
  root: string
  targets: string[]
  jobs: number
  check: boolean
  plan: string[]
  startedAt: string
  finishedAt?: string
  ok?: boolean
  packages: Record<string, PackageState>
}

export const stateFile = (stateDir: string) => join(stateDir, 'state.json')

export async function readState(stateDir: string): Promise<BookState | undefined> {
  try {
    return JSON.parse(await readFile(stateFile(stateDir), 'utf8')) as BookState
  } catch {
    return undefined
  }
}

export async function writeState(stateDir: string, state: BookState): Promise<void> {
  await tckApi().atomicWriteFile(stateFile(stateDir), `${JSON.stringify(state, null, 1)}\n`)
}
