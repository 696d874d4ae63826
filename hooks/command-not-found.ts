/** An unknown command may belong to a plugin the user has not added yet: say so, without a stack. */
import type {Hook} from '@oclif/core'

const hook: Hook<'command_not_found'> = async function ({id}) {
  const topic = id.split(':')[0]
  process.stderr.write(
    `tck: error: no command "${id.replaceAll(':', ' ')}".\n` +
      `  See \`tck --help\` for the commands you have; a plugin may provide it: \`tck plugins add ${topic}\`.\n`,
  )
  process.exitCode = 2
}

export default hook
