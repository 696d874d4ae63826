import {Args, Flags} from '@oclif/core'
import {join} from 'node:path'
import {TckCommand} from '../../command.js'
import {TckError} from '../../errors.js'
import {compilerCommand} from '../../toolchains/compilers.js'
import {bestSystemToolchain, detectSystemToolchains} from '../../toolchains/detect.js'
import {projectRoot} from '../../toolchains/project.js'
import {installedMatching, recordUse} from '../../toolchains/registry.js'

export default class ToolchainWhich extends TckCommand {
  static override summary = 'Print the compiler (or bin directory) of an installed toolchain, or of the best system toolchain.'
  static override description = 'With a spec, the newest installed toolchain that matches; the use is recorded for this project (cleanup --unused keeps it). Without a spec, the best compiler this machine already has (gcc, clang or tcc). --json gives the whole command line, flags included.'
  static override examples = [
    '<%= config.bin %> toolchain which llvm@18',
    '<%= config.bin %> toolchain which npm:zig --tool cxx --json',
    '<%= config.bin %> toolchain which --tool bin llvm',
    '<%= config.bin %> toolchain which',
    '<%= config.bin %> toolchain which --target aarch64-linux-gnu',
  ]
  static override args = {spec: Args.string({description: 'An installed toolchain: NAME[@VERSION] or SOURCE:NAME[@VERSION]'})}
  static override flags = {
    tool: Flags.string({description: 'What to print', options: ['c', 'cxx', 'bin'], default: 'c'}),
    target: Flags.string({description: 'Target triple: picks a system cross compiler, or adds the toolchain\'s target flag (zig, clang)'}),
  }

  async run() {
    const {args, flags} = await this.parse(ToolchainWhich)
    const tool = flags.tool as 'c' | 'cxx' | 'bin'
    if (!args.spec) {
      const {registries} = await this.host(flags)
      const best = bestSystemToolchain(await detectSystemToolchains(registries.compiler.list().map(({provider}) => provider)), {cxx: tool === 'cxx', target: flags.target})
      if (!best) {
        throw new TckError('TOOLCHAIN_NOT_FOUND', `no gcc, clang or tcc${flags.target ? ` for ${flags.target}` : ''} found on this machine`, {
          hint: 'Install one: tck toolchain install llvm (or npm:zig, debian:gcc-aarch64-linux-gnu).',
        })
      }
      const path = tool === 'cxx' ? best.cxx! : tool === 'bin' ? join(best.c, '..') : best.c
      if (!this.jsonEnabled()) this.log(path)
      return {system: true, path, command: [path], toolchain: best}
    }
    const [toolchain] = (await installedMatching(args.spec)).slice(-1)
    await recordUse(toolchain, projectRoot(flags.cwd ?? process.cwd()))
    const command = tool === 'bin' ? [join(toolchain.root, toolchain.layout.bin)] : compilerCommand(toolchain, tool, flags.target)
    if (!command) throw new TckError('TOOLCHAIN_NOT_FOUND', `${toolchain.name} ${toolchain.version} has no ${tool === 'cxx' ? 'C++' : 'C'} compiler`)
    if (!this.jsonEnabled()) this.log(command[0])
    return {system: false, path: command[0], command, toolchain}
  }
}
