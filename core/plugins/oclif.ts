/** oclif's own plugin commands, run from inside tck's: one code path writes the data dir's plugin list. */
import type {Config} from '@oclif/core'

export type PluginCommand = 'plugins:install' | 'plugins:link' | 'plugins:uninstall'
export type RunPluginCommand = (id: PluginCommand, argv: string[]) => Promise<void>

type Runnable = {run(argv: string[], config: Config): Promise<unknown>}

export function oclifPluginCommands(config: Config): RunPluginCommand {
  return async (id, argv) => {
    const {commands} = await import('@oclif/plugin-plugins')
    await (commands[id] as unknown as Runnable).run(argv, config)
  }
}
