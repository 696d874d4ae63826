import {Flags} from '@oclif/core'
import {CMakeCommand} from '../command.js'
import {checkProject, configureProject} from '../configure.js'

export default class Configure extends CMakeCommand {
  static override summary = 'Configure the CMake project with the pinned toolchain: install it if needed, write the toolchain file and the tck preset, run CMake.'
  static override description =
    'Settings come from plugins.cmake in tck.config (toolchain, buildType, generator, linker, stdlib, sanitizers, target, launcher, cacheVariables). ' +
    'The toolchain file goes to .tck/cmake/toolchain-<id>.cmake and a "tck" preset to CMakeUserPresets.json, so `cmake --preset tck` and IDEs build the same without tck. ' +
    'CMake runs as the cmake:configure task of the engine: it is skipped when nothing it read changed. ' +
    'The toolchain resolved first is kept in .tck/state.json while its compilers are unchanged; --fresh (and --check) look again. ' +
    '--check writes nothing and exits 1 when the next build would reconfigure, saying why.'
  static override examples = [
    '<%= config.bin %> configure',
    '<%= config.bin %> configure --check',
    '<%= config.bin %> configure --fresh --json',
  ]
  static override flags = {
    check: Flags.boolean({description: 'Only say whether the next build would reconfigure, and why (exit 1 if it would)'}),
    fresh: Flags.boolean({description: 'Resolve the toolchain again and configure from an empty CMake cache, even when nothing changed'}),
  }

  async run() {
    const {flags} = await this.parse(Configure)
    const api = await this.runtime()
    // A plain configure keeps a no-change record: its next run, with nothing changed, is answered without Node.
    const recorded = !flags.check && !flags.fresh && !this.jsonEnabled()
    const atStart = recorded ? await api.engine.observeStart(this.config.root, flags.cwd ?? process.cwd(), flags.config) : undefined
    const host = await this.host(api, flags)
    const registries = this.registries(host)
    if (flags.check) {
      const check = await checkProject(api, host, registries)
      if (!this.jsonEnabled()) this.log(check.upToDate ? 'up to date: the next build does not reconfigure' : `would reconfigure:\n${check.reasons.map((reason) => `  ${reason}`).join('\n')}`)
      if (!check.upToDate) process.exitCode = 1
      return check
    }
    const {plan, result, build} = await configureProject(api, host, registries, {fresh: flags.fresh})
    if (!result.ok) throw result.errors[0] ?? new api.TckError('TASK_FAILED', 'cmake:configure failed')
    const outcome = result.outcomes.find((item) => item.id === 'cmake:configure')
    const {toolchain, backend, launcher} = plan
    if (!this.jsonEnabled()) {
      const how = `${toolchain.family} ${toolchain.version} (${toolchain.source}) for ${toolchain.target}, ${backend.generator}${launcher ? `, ${launcher.name}` : ''}`
      const stdout = [
        `${outcome?.status === 'cached' ? 'up to date' : 'configured'}: ${plan.buildDir} with ${how}`,
        `  toolchain file ${plan.toolchainFile}; \`cmake --preset tck && cmake --build --preset tck\` builds the same without tck`,
      ].map((line) => `${line}\n`).join('')
      process.stdout.write(stdout)
      if (atStart) {
        const why = await api.engine.recordUnchanged(build, result, {command: 'configure', cwd: process.cwd(), args: this.argv, stdout, atStart})
        if (why && process.env.TCK_DEBUG) process.stderr.write(`tck:debug no-change record: not written: ${why}\n`)
      }
    }
    return {status: outcome?.status, buildDir: plan.buildDir, toolchainFile: plan.toolchainFile, presets: plan.presetsFile, generator: backend.generator, launcher: launcher?.name ?? null, toolchain, configurationHash: plan.configurationHash}
  }
}
