import {Args, Flags} from '@oclif/core'
import {runBuildCommand} from '../cli/build.js'
import {TckCommand} from '../command.js'
import type {ProgressMode} from '../progress/index.js'

export default class Build extends TckCommand {
  static override summary = 'Build the tasks of the project (all of them, or the named ones and what they need).'
  static override description =
    'Recipes come from tck.config.* tasks and from every recipe parser plugin; each task runs through the pipeline hooks (see `tck hooks`). ' +
    'With --json, stdout is a stream of newline-delimited JSON events (build-start, task-start, task-end, build-end). ' +
    'Ctrl-C stops the running tasks, removes their half-written outputs and exits with 130. ' +
    'Two builds of one project never run at once: the second waits (saying so) up to TCK_LOCK_TIMEOUT seconds (default 3600).'
  static override examples = [
    '<%= config.bin %> build',
    '<%= config.bin %> build app -j 4',
    '<%= config.bin %> build --trace-hooks',
    '<%= config.bin %> build --keep-going --json',
    '<%= config.bin %> build --explain',
  ]
  static override strict = false
  static override args = {targets: Args.string({description: 'Tasks to build (default: all)'})}
  static override flags = {
    jobs: Flags.integer({char: 'j', description: 'Tasks run at once (default: the number of cores)', min: 1}),
    'keep-going': Flags.boolean({char: 'k', description: 'Build what does not depend on a failed task'}),
    explain: Flags.boolean({description: 'After the build, say why each task that ran was not taken from the cache (see `tck explain`)'}),
    progress: Flags.string({
      description: 'How progress is shown: a live view on a terminal, plain lines otherwise (auto), or none',
      options: ['auto', 'tty', 'plain', 'none'],
      default: 'auto',
    }),
    'trace-hooks': Flags.boolean({description: 'Print each hook as it fires and the taps it runs'}),
  }

  async run() {
    const {argv, flags} = await this.parse(Build)
    const host = await this.host(flags, flags['trace-hooks'])
    const output = {log: (line: string) => this.log(line), logToStderr: (line: string) => this.logToStderr(line), logJson: (value: unknown) => this.logJson(value)}
    const progress = flags.progress as ProgressMode
    await runBuildCommand(host, {targets: argv as string[], jobs: flags.jobs, keepGoing: flags['keep-going'], explain: flags.explain, progress, json: this.jsonEnabled()}, output)
  }

  /** Keeps stdout newline-delimited JSON: an error is one more line of the stream. */
  protected override logJson(json: unknown): void {
    process.stdout.write(`${JSON.stringify(json)}\n`)
  }
}
