/**
 * The bases of every host command: `--json` everywhere, and errors a user can cause printed as
 * one plain message with a hint — never a stack trace. Commands that read a project also take
 * `--config` and `--cwd`.
 */
import {Command, Flags, type Interfaces} from '@oclif/core'
import {createHost, type Host} from './host.js'
import {checkedCwd} from './cli/cwd.js'
import {reportError} from './errors.js'

/** A host command that needs no project: `tck plugins add`, `tck plugins available`. */
export abstract class TckBaseCommand extends Command {
  static override enableJsonFlag = true

  protected override async catch(error: Interfaces.CommandError): Promise<unknown> {
    return reportError(error, this.jsonEnabled(), (json) => this.logJson(json)) ? undefined : super.catch(error)
  }
}

export abstract class TckCommand extends TckBaseCommand {
  static override baseFlags = {
    config: Flags.string({description: 'Use this configuration file instead of searching for tck.config.*', helpGroup: 'GLOBAL'}),
    cwd: Flags.string({description: 'Run as if started in this directory', helpGroup: 'GLOBAL'}),
  }

  protected async host(flags: {config?: string; cwd?: string}, traceHooks = false): Promise<Host> {
    return createHost({root: this.config.root, dataDir: this.config.dataDir}, {cwd: checkedCwd(flags.cwd), configFile: flags.config, traceHooks})
  }
}
