import {statSync} from 'node:fs'
import {resolve} from 'node:path'
import {TckError} from '../errors.js'

/** `--cwd` must name a directory that exists: otherwise a build would create it and report nothing to do. */
export function checkedCwd(cwd: string | undefined): string {
  if (cwd === undefined) return process.cwd()
  const directory = resolve(cwd)
  const shown = directory === cwd ? cwd : `${cwd} (${directory})`
  let isDirectory: boolean
  try {
    isDirectory = statSync(directory).isDirectory()
  } catch {
    throw new TckError('USAGE', `--cwd ${shown}: no such directory`, {hint: 'Name an existing directory, or leave out --cwd to run here.'})
  }
  if (!isDirectory) throw new TckError('USAGE', `--cwd ${shown}: not a directory`, {hint: 'Name the project\'s directory, not a file in it.'})
  return cwd
}
