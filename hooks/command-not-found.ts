/**
 * An unknown command is a typo of one tck has, or a command of a first-party plugin not added
 * yet: say which, without a stack. Never suggest adding a plugin named after the typo itself.
 */
import type {Hook} from '@oclif/core'
import {closest, shippedPlugins} from '../core/plugins/catalog.js'

const hook: Hook<'command_not_found'> = async function ({id}) {
  const typed = id.replaceAll(':', ' ')
  const own = this.config.commands.filter((command) => !command.hidden).map((command) => command.id.replaceAll(':', ' '))
  // Which not-added first-party plugin brings a command, by its oclif manifest.
  const offeredBy = new Map<string, string>()
  for (const plugin of shippedPlugins(this.config.root)) {
    if (this.config.plugins.has(plugin.name)) continue
    for (const command of plugin.commands) offeredBy.set(command, plugin.shortNames.at(-1)!)
  }
  const exact = [...offeredBy.keys()].find((command) => typed === command || typed.startsWith(`${command} `))
  const [nearest] = exact ? [exact] : closest(typed, [...own, ...offeredBy.keys()])
  const lines = [`tck: error: no command "${exact ?? typed}".`]
  if (nearest && offeredBy.has(nearest)) {
    lines.push(`  ${exact ? '' : `Did you mean \`tck ${nearest}\`? `}It comes with a plugin: \`tck plugins add ${offeredBy.get(nearest)}\`.`)
  } else if (nearest) {
    lines.push(`  Did you mean \`tck ${nearest}\`?`)
  }
  lines.push('  `tck --help` lists the commands you have; `tck plugins available` the plugins that add more.')
  process.stderr.write(`${lines.join('\n')}\n`)
  process.exitCode = 2
}

export default hook
