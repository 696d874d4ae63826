/** The root a checkpoint command means: --root, else the one the book's last build filled, else the configured one. */
import type {Config} from '@oclif/core'
import {isAbsolute, resolve} from 'node:path'
import type {TckApi} from 'tck'
import {openBook} from '../book/open.js'
import {readState} from '../building/state.js'

export async function checkpointTarget(api: TckApi, oclif: Config, flags: {cwd?: string; config?: string; book?: string; root?: string}) {
  const opened = await openBook(api, oclif, flags)
  const state = await readState(opened.settings.stateDir)
  const root = flags.root ? (isAbsolute(flags.root) ? flags.root : resolve(flags.root)) : (state?.root ?? opened.settings.targetRoot)
  return {book: opened.book.name, stateDir: opened.settings.stateDir, root, lastMerged: state ? Object.keys(state.packages).at(-1) : undefined}
}
