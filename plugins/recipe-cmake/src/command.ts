/**
 * The base of recipe-cmake's commands: the host's runtime through `this.config.root` (wherever
 * the plugin is installed), `--json`, `--cwd`, `--config`, and errors as one message with a hint.
 */
import {Command, Flags, type Interfaces} from '@oclif/core'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {Host, PluginRegistries, TckApi} from 'tck'

export abstract class CMakeCommand extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    config: Flags.string({description: 'Use this configuration file instead of searching for tck.config.*', helpGroup: 'GLOBAL'}),
    cwd: Flags.string({description: 'Run as if started in this directory', helpGroup: 'GLOBAL'}),
  }

  protected async runtime(): Promise<TckApi> {
    return (await import(pathToFileURL(join(this.config.root, 'dist/core/api.js')).href)).runtime
  }

  protected async host(api: TckApi, flags: {config?: string; cwd?: string}): Promise<Host> {
    return api.engine.createHost(this.config, {cwd: flags.cwd ?? process.cwd(), configFile: flags.config})
  }

  /** The host's registries, read the way a plugin reads them. */
  protected registries(host: Host): PluginRegistries {
    return host.registries as unknown as PluginRegistries
  }

  protected override async catch(error: Interfaces.CommandError): Promise<unknown> {
    const known = error as Interfaces.CommandError & {code?: string; exitCode?: number; hint?: string; toJSON?: () => unknown}
    if (known.name !== 'TckError' || typeof known.exitCode !== 'number') return super.catch(error)
    process.exitCode = known.exitCode
    if (this.jsonEnabled()) this.logJson({error: known.toJSON?.() ?? {code: known.code, message: known.message}})
    else process.stderr.write(`tck: error: ${known.message}\n${known.hint ? `  ${known.hint}\n` : ''}`)
    return undefined
  }
}
