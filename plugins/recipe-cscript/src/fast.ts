/**
 * `tck run` without oclif, for the host's fast start (core/fast.ts): oclif and the engine's
 * separate modules are most of a cold run's start-up. The flags are commands/run.ts's, read by
 * node's parseArgs; what it does not take as plainly as oclif would — `--help`, `--json` (oclif's
 * own output), an unknown or malformed flag, a build without the manifest — it leaves to oclif,
 * which reports it as usual.
 */
import {readFileSync} from 'node:fs'
import {parseArgs, type ParseArgsConfig} from 'node:util'
import type {TckApi} from 'tck'
import {useApi} from './api.js'
import {splitRunArgv} from './argv.js'
import {runCommand, type CommandPlace, type RunFlags} from './command.js'

interface ManifestFlag {
  type: 'boolean' | 'option'
  char?: string
  multiple?: boolean
}

/**
 * The flags as the oclif command declares them (commands/run.ts, through the manifest the build
 * writes), so the two never drift apart; `--json` is left out, as its output is oclif's.
 */
function declaredFlags(): ParseArgsConfig['options'] | undefined {
  let flags: Record<string, ManifestFlag>
  try {
    flags = JSON.parse(readFileSync(new URL('../oclif.manifest.json', import.meta.url), 'utf8')).commands.run.flags
  } catch {
    return undefined
  }
  const options: NonNullable<ParseArgsConfig['options']> = {}
  for (const [name, flag] of Object.entries(flags)) {
    if (name !== 'json') options[name] = {type: flag.type === 'option' ? 'string' : 'boolean', multiple: flag.multiple === true, ...(flag.char ? {short: flag.char} : {})}
  }
  return options
}

/** Runs `tck run <argv>`; false leaves it to oclif. */
export async function runFast(argv: string[], place: CommandPlace & {api: TckApi}): Promise<boolean> {
  const split = splitRunArgv(argv)
  const options = declaredFlags()
  if (!options) return false
  let flags: RunFlags
  try {
    flags = parseArgs({args: split.flags, options, strict: true, allowPositionals: false}).values as RunFlags
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
