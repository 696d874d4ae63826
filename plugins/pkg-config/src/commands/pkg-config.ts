import {Args, Command} from '@oclif/core'
import {resolvePackages} from '../pkg-config.js'

export default class PkgConfig extends Command {
  static override summary = 'Print the compile and link flags pkg-config gives for packages.'
  static override examples = ['<%= config.bin %> pkg-config glib-2.0', '<%= config.bin %> pkg-config glib-2.0 zlib --json']
  static override enableJsonFlag = true
  static override strict = false
  static override args = {packages: Args.string({description: 'pkg-config package names', required: true})}

  async run() {
    const {argv} = await this.parse(PkgConfig)
    try {
      const flags = await resolvePackages(argv as string[])
      if (!this.jsonEnabled()) this.log([...flags.cflags, ...flags.libs].join(' '))
      return flags
    } catch (error) {
      this.error((error as Error).message, {exit: 2})
    }
  }
}
