import {Args, Flags} from '@oclif/core'
import {TckCommand} from '../../command.js'
import {TckError} from '../../errors.js'
import {installedMatching, recordUse} from '../../toolchains/registry.js'
import {LEVELS, verifyToolchain} from '../../toolchains/verify.js'

export default class ToolchainVerify extends TckCommand {
  static override summary = 'Check that an installed toolchain works, at one of four levels.'
  static override description = `minimal: its programs are there. standard: the compiler runs and reports the expected version. thorough: standard headers compile, the sysroot exists, the linker links. paranoid: a C and a C++ hello compile, link and run (under qemu-user when the target is another CPU).`
  static override examples = [
    '<%= config.bin %> toolchain verify llvm@18',
    '<%= config.bin %> toolchain verify debian:tcc --level paranoid',
    '<%= config.bin %> toolchain verify npm:zig --level paranoid --lang c --target aarch64-linux-gnu.2.36',
  ]
  static override args = {spec: Args.string({description: 'An installed toolchain: NAME[@VERSION] or SOURCE:NAME[@VERSION]', required: true})}
  static override flags = {
    level: Flags.string({description: 'How hard to check', options: [...LEVELS], default: 'standard'}),
    target: Flags.string({description: 'Compile for this target triple (needs a layout with a target flag, e.g. zig or clang)'}),
    lang: Flags.string({description: 'Check only these languages (default: every compiler the toolchain has)', options: ['c', 'cxx'], multiple: true}),
  }

  async run() {
    const {args, flags} = await this.parse(ToolchainVerify)
    const [toolchain] = (await installedMatching(args.spec)).slice(-1)
    const result = await verifyToolchain(toolchain, flags.level as (typeof LEVELS)[number], {target: flags.target, languages: flags.lang as Array<'c' | 'cxx'> | undefined})
    await recordUse(toolchain)
    if (!this.jsonEnabled()) {
      this.log(`${toolchain.name} ${toolchain.version} (${toolchain.source}) at level ${result.level}:`)
      for (const check of result.checks) this.log(`${check.ok ? 'ok ' : 'FAIL'} ${check.level.padEnd(9)} ${check.name}: ${check.detail}`)
      if (!result.ok) {
        throw new TckError('TOOLCHAIN_INVALID', `${toolchain.name} ${toolchain.version} failed verification at level ${result.level}`, {
          hint: `Reinstall it: tck toolchain remove ${args.spec} && tck toolchain install ${args.spec}`,
        })
      }
    } else if (!result.ok) {
      process.exitCode = 1
    }
    return {toolchain: {name: toolchain.name, version: toolchain.version, source: toolchain.source, root: toolchain.root}, ...result}
  }
}
