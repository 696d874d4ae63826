import {Args, Command, Flags, type Interfaces} from '@oclif/core'
import {api, loadApi} from '../api.js'
import {splitRunArgv} from '../argv.js'
import {runCommand} from '../command.js'

export default class Run extends Command {
  static override enableJsonFlag = true
  static override summary = 'Run a C file as a script, compiled once and cached.'
  static override description = [
    'The script may start with `#!/usr/bin/env -S tck run` and be run directly. A line `#define TCK_PARAMS "-O2 $(pkg-config --cflags --libs glib-2.0)"` (or CRISPY_PARAMS) gives its compile flags, expanded by the shell.',
    'The binary is cached by the source, the expanded params, local headers and the compiler\'s identity; a cached script starts without Node. Everything after the script path is passed to the program.',
    'Defaults come from the `run` section of tck.config.* (compiler, cacheDir, flags, libs, overrideFlags, includes, keepSource).',
  ].join('\n\n')
  static override examples = [
    '<%= config.bin %> run hello.c',
    '<%= config.bin %> run count.c -n 5',
    '<%= config.bin %> run -i \'printf("%d\\n", 6 * 7);\'',
    'echo \'int main(){return 3;}\' | <%= config.bin %> run -',
    '<%= config.bin %> run --compiler clang --dry-run hello.c',
    '<%= config.bin %> run --gdb crash.c',
    '<%= config.bin %> run --clean',
  ]
  static override strict = false
  // ignoreStdin: the program's stdin is the program's; oclif would otherwise read it as a missing arg.
  static override args = {script: Args.string({description: 'The C file to run, or - to read it from stdin', ignoreStdin: true})}
  static override flags = {
    config: Flags.string({description: 'Use this configuration file instead of searching for tck.config.*', helpGroup: 'GLOBAL'}),
    cwd: Flags.string({description: 'Run as if started in this directory', helpGroup: 'GLOBAL'}),
    'no-cache': Flags.boolean({char: 'n', description: 'Compile afresh even when cached (the fresh binary is kept)'}),
    'keep-source': Flags.boolean({char: 'S', description: 'Keep the C source as compiled (after edits) next to the binary'}),
    'dry-run': Flags.boolean({description: 'Print the full compile command and run nothing, even when the binary is cached'}),
    gdb: Flags.boolean({description: 'Build with debug information and run the program under gdb'}),
    include: Flags.string({char: 'I', description: 'Extra headers for inline code (math.h, "mine.h"); several separated by semicolons, as in Crispy (\'math.h;glib.h\')', multiple: true}),
    preload: Flags.string({char: 'p', description: 'A shared library loaded before the script\'s main, as Crispy\'s -p: linked in, by path or as a file name the linker finds (libgio-2.0.so.0)', multiple: true}),
    inline: Flags.string({char: 'i', description: 'Run this code as the body of main()'}),
    'cache-dir': Flags.string({description: 'Cache compiled scripts here (default: $TCK_CACHE_DIR/scripts, else $XDG_CACHE_HOME/tck/scripts)'}),
    compiler: Flags.string({description: 'gcc (bundled), clang or tcc once their plugin is added (tck plugins add clang), or a compiler program on PATH (default: gcc)'}),
    clean: Flags.boolean({description: 'Empty the script cache'}),
  }

  async run() {
    await loadApi(this.config.root)
    const split = splitRunArgv(this.argv)
    const {flags} = await this.parse(Run, split.flags)
    return runCommand(this.config, flags, split, {json: this.jsonEnabled(), log: (line) => this.log(line), logToStderr: (line) => this.logToStderr(line)})
  }

  protected override async catch(error: Interfaces.CommandError): Promise<unknown> {
    // A flag oclif could not parse fails before run() loaded the API.
    await loadApi(this.config.root)
    return api().reportError(error, this.jsonEnabled(), (json) => this.logJson(json)) ? undefined : super.catch(error)
  }
}
