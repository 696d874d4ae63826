import {Flags} from '@oclif/core'
import {join} from 'node:path'
import {CMakeCommand} from '../command.js'
import {existingConfig, gitignoreWith, renderConfig, survey} from '../init.js'

export default class Init extends CMakeCommand {
  static override summary = 'Write a tck.config.mjs for this project and add .tck/ to .gitignore.'
  static override description =
    'In a CMake project (CMakeLists.txt) the config sets plugins.cmake with what this machine has: the generator (Ninja, else Make), ' +
    'the compiler launcher (ccache, sccache) and the system compiler, and names the package-manager plugins for a conanfile or vcpkg.json. ' +
    'In any other project it declares the build command as a task (make, when there is a Makefile). An existing config is kept unless --force.'
  static override examples = ['<%= config.bin %> init', '<%= config.bin %> init --cwd path/to/project --json', '<%= config.bin %> init --force']
  static override flags = {force: Flags.boolean({description: 'Replace an existing tck config'})}

  async run() {
    const {flags} = await this.parse(Init)
    const api = await this.runtime()
    const dir = flags.cwd ?? process.cwd()
    const existing = existingConfig(dir)
    if (existing && (!flags.force || existing !== 'tck.config.mjs')) {
      const hint = flags.force ? `Remove ${existing} first: tck init writes tck.config.mjs, and two configs would be ambiguous.` : 'Edit it, or run `tck init --force` to replace it.'
      throw new api.TckError('USAGE', `${join(dir, existing)} already exists`, {hint})
    }
    // The system's compilers are found by the compiler plugins, which a host registers.
    await api.engine.createHost(this.config, {cwd: dir})
    const found = await survey(api, dir)
    const config = join(dir, 'tck.config.mjs')
    await api.atomicWriteFile(config, renderConfig(found))
    const ignore = await gitignoreWith(dir, found.cmake)
    if (ignore.text !== undefined) await api.atomicWriteFile(join(dir, '.gitignore'), ignore.text)
    if (!this.jsonEnabled()) {
      this.log(`wrote ${config}${found.cmake ? ` for a CMake project (${[found.compiler, found.generator, found.launcher].filter(Boolean).join(', ')})` : ''}`)
      if (ignore.added.length > 0) this.log(`added to .gitignore: ${ignore.added.join(', ')}`)
      for (const pm of found.packageManagers) this.log(`${pm.manifest}: run \`tck plugins add ${pm.plugin}\``)
      if (found.cmake) this.log('next: tck configure && tck build')
    }
    return {config, found, gitignore: ignore.added}
  }
}
