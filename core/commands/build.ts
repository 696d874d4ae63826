import {Args, Flags} from '@oclif/core'
import {TckCommand} from '../command.js'
import {TckError} from '../errors.js'
import {formatExplanation} from '../explain/explanation.js'
import {buildExplanations} from '../explain/record.js'
import {progressView, type ProgressMode} from '../progress/index.js'

/** Exit status of a build stopped by a signal, as shells report it: 128 + the signal number. */
const signalExitCodes: Record<string, number> = {SIGINT: 130, SIGTERM: 143}

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
    const json = this.jsonEnabled()
    const host = await this.host(flags, flags['trace-hooks'])
    const interrupt = new AbortController()
    let stoppedBy: string | undefined
    // The first signal stops the build cleanly; a second one gives up waiting.
    const onSignal = (signal: NodeJS.Signals) => {
      if (stoppedBy) process.exit(signalExitCodes[stoppedBy])
      stoppedBy = signal
      interrupt.abort()
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    try {
      const build = host.build({options: {jobs: flags.jobs}})
      const summary = await build.run({
        targets: argv as string[],
        jobs: flags.jobs,
        keepGoing: flags['keep-going'],
        stdio: 'capture',
        signal: interrupt.signal,
        onEvent: progressView(json ? 'json' : (flags.progress as ProgressMode)),
      })
      if (flags.explain) {
        const explanations = buildExplanations(build)
        if (json) this.logJson({type: 'explain', explanations})
        else this.log(explanations.map(formatExplanation).join('\n') || 'explain: no task ran: every one came from the cache')
      }
      if (summary.interrupted) {
        process.exitCode = signalExitCodes[stoppedBy ?? 'SIGINT']
        if (!json) this.logToStderr(`tck: interrupted by ${stoppedBy}: running tasks were stopped and their outputs removed`)
        return undefined
      }
      if (summary.ok) return undefined
      const [first, ...rest] = summary.errors
      const failure =
        rest.length === 0 && first instanceof TckError
          ? first
          : new TckError('TASK_FAILED', summary.errors.map((error) => error.message).join('\n'))
      // With --json the build-end event already carries the errors; only the exit code is left to say.
      if (!json) throw failure
      process.exitCode = failure.exitCode
      return undefined
    } finally {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }

  /** Keeps stdout newline-delimited JSON: an error is one more line of the stream. */
  protected override logJson(json: unknown): void {
    process.stdout.write(`${JSON.stringify(json)}\n`)
  }
}
