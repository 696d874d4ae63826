/**
 * The bases of every host command: `--json` everywhere, and errors a user can cause printed as
 * one plain message with a hint — never a stack trace. Commands that read a project also take
 * `--config` and `--cwd`.
 */
import {Command, Flags, type Interfaces} from '@oclif/core'
import {statSync} from 'node:fs'
import {resolve} from 'node:path'
import {createHost, type Host} from './host.js'
import {isTckError, reportError, TckError} from './errors.js'

/** A host command that needs no project: `tck plugins add`, `tck plugins available`. */
export abstract class TckBaseCommand extends Command {
  static override enableJsonFlag = true

  protected override async catch(error: Interfaces.CommandError): Promise<unknown> {
    return reportError(error, this.jsonEnabled(), (json) => this.logJson(json)) ? undefined : super.catch(error)
  }
}

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

export abstract class TckCommand extends TckBaseCommand {
  static override baseFlags = {
    config: Flags.string({description: 'Use this configuration file instead of searching for tck.config.*', helpGroup: 'GLOBAL'}),
    cwd: Flags.string({description: 'Run as if started in this directory', helpGroup: 'GLOBAL'}),
  }

  protected async host(flags: {config?: string; cwd?: string}, traceHooks = false): Promise<Host> {
    return createHost(this.config, {cwd: checkedCwd(flags.cwd), configFile: flags.config, traceHooks})
  }
}
