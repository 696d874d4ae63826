/**
 * The base of the book commands: the host's runtime API reached through the tck that runs them
 * (docs/plugins.md, "Commands that build"), `--json`, and errors printed as one message with a
 * hint, as the host's own commands print them.
 */
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {Command, Flags, type Interfaces} from '@oclif/core'
import type {TckApi} from 'tck'
import {useApi} from './runtime.js'

export abstract class BookCommand extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    config: Flags.string({description: 'Use this configuration file instead of searching for tck.config.*', helpGroup: 'GLOBAL'}),
    cwd: Flags.string({description: 'Run as if started in this directory', helpGroup: 'GLOBAL'}),
  }

  protected async api(): Promise<TckApi> {
    const api = (await import(pathToFileURL(join(this.config.root, 'dist/core/api.js')).href)).runtime as TckApi
    useApi(api)
    return api
  }

  /** Progress on stderr; never with --json, never under TCK_QUIET. */
  protected progress(line: string): void {
    if (!this.jsonEnabled() && process.env.TCK_QUIET !== '1') process.stderr.write(`${line}\n`)
  }

  protected override async catch(error: Interfaces.CommandError): Promise<unknown> {
    const known = error as Interfaces.CommandError & {code?: unknown; exitCode?: number; hint?: string}
    if (typeof known.code !== 'string' || typeof known.exitCode !== 'number' || known.name === 'ExitError') return super.catch(error)
    process.exitCode = known.exitCode
    if (this.jsonEnabled()) this.logJson({error: {code: known.code, message: known.message, hint: known.hint, exitCode: known.exitCode}})
    else process.stderr.write(`tck: error: ${known.message}\n${known.hint ? `  ${known.hint}\n` : ''}`)
    return undefined
  }
}
