/**
 * The base of every host command: `--json` everywhere, and errors a user can cause printed as
 * one plain message with a hint — never a stack trace.
 */
import {Command, Flags, type Interfaces} from '@oclif/core'
import {createHost, type Host} from './host.js'
import {reportError} from './errors.js'

export abstract class TckCommand extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    config: Flags.string({description: 'Use this configuration file instead of searching for tck.config.*', helpGroup: 'GLOBAL'}),
    cwd: Flags.string({description: 'Run as if started in this directory', helpGroup: 'GLOBAL'}),
  }

  protected async host(flags: {config?: string; cwd?: string}, traceHooks = false): Promise<Host> {
    return createHost(this.config, {cwd: flags.cwd ?? process.cwd(), configFile: flags.config, traceHooks})
  }

  protected override async catch(error: Interfaces.CommandError): Promise<unknown> {
    return reportError(error, this.jsonEnabled(), (json) => this.logJson(json)) ? undefined : super.catch(error)
  }
}
