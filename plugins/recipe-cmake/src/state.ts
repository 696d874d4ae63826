/**
 * `.tck/state.json`, key `cmake`: the active toolchain (resolved once by `tck configure`, reused by
 * builds while its compilers are unchanged) and what the build directory was last configured
 * with — the configuration hash, the configure task's key and the files CMake read, by digest.
 * A changed configuration reconfigures on the next build; `tck configure --check` compares.
 */
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {TckApi} from 'tck'
import type {ResolvedToolchain} from './toolchain.js'

export interface ResolvedMemo {
  /** What was resolved: the toolchain setting and target, and the compilers' stat stamps. */
  request: string
  stamps: Record<string, string>
  toolchain: ResolvedToolchain
  emulator?: string[]
}

export interface Configured {
  buildDir: string
  configurationHash: string
  /** The configure task's key when it last ran. */
  key: string
  /** Every file CMake read (project files relative to the root, others absolute) and its SHA-256. */
  files: Record<string, string>
  toolchain: {id: string; spec: string; source: string; family: string; version: string; target: string; key?: string}
  generator: string
  at: string
}

export interface CMakeState {
  resolved?: ResolvedMemo
  configured?: Configured
  /** Package installs: the key each last ran with in this checkout. */
  ran?: Record<string, string>
}

export const statePath = (root: string) => join(root, '.tck', 'state.json')

async function readAll(root: string): Promise<Record<string, unknown>> {
  try {
    const parsed = JSON.parse(await readFile(statePath(root), 'utf8'))
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {}
  } catch {
    // Missing or damaged: as if never configured; the next configure writes it whole.
    return {}
  }
}

export async function readState(root: string): Promise<CMakeState> {
  const all = await readAll(root)
  return (all.cmake as CMakeState | undefined) ?? {}
}

/** Updates the `cmake` part, keeping whatever other plugins keep in the file; an unchanged state leaves the file (and its stat data, which no-change records compare) as it is. */
export async function updateState(api: TckApi, root: string, change: (state: CMakeState) => CMakeState): Promise<CMakeState> {
  return api.toolchains.withLock(`${statePath(root)}.lock`, async () => {
    const all = await readAll(root)
    const next = change((all.cmake as CMakeState | undefined) ?? {})
    const text = `${JSON.stringify({...all, cmake: next}, null, 2)}\n`
    if (text !== (await readFile(statePath(root), 'utf8').catch(() => undefined))) await api.atomicWriteFile(statePath(root), text)
    return next
  }, {timeoutMs: 30_000})
}
