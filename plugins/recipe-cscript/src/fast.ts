/**
 * `tck run` without oclif, for the host's fast start (core/fast.ts): oclif and the engine's
 * separate modules are most of a cold run's start-up. The flags are commands/run.ts's, read by
 * node's parseArgs; what it does not take as plainly as oclif would — `--help`, `--json` (oclif's
 * own output), an unknown or malformed flag — it leaves to oclif, which reports it as usual.
 */
import {parseArgs} from 'node:util'
import type {TckApi} from 'tck'
import {useApi} from './api.js'
import {splitRunArgv} from './argv.js'
import {runCommand, type CommandPlace, type RunFlags} from './command.js'

const FLAGS = {
  config: {type: 'string'},
  cwd: {type: 'string'},
  'no-cache': {type: 'boolean', short: 'n'},
  'keep-source': {type: 'boolean', short: 'S'},
  'dry-run': {type: 'boolean'},
  gdb: {type: 'boolean'},
  include: {type: 'string', short: 'I', multiple: true},
  preload: {type: 'string', short: 'p', multiple: true},
  inline: {type: 'string', short: 'i'},
  'cache-dir': {type: 'string'},
  compiler: {type: 'string'},
  clean: {type: 'boolean'},
} as const

/** Runs `tck run <argv>`; false leaves it to oclif. */
export async function runFast(argv: string[], place: CommandPlace & {api: TckApi}): Promise<boolean> {
  const split = splitRunArgv(argv)
  let flags: RunFlags
  try {
    flags = parseArgs({args: split.flags, options: FLAGS, strict: true, allowPositionals: false}).values
  } catch {
    return false
  }
  useApi(place.api)
  const output = {json: false, log: (line: string) => process.stdout.write(`${line}\n`), logToStderr: (line: string) => process.stderr.write(`${line}\n`)}
  try {
    await runCommand(place, flags, split, output)
  } catch (error) {
    if (!place.api.reportError(error, false, () => {})) throw error
  }
  return true
}
