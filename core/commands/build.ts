import {Args, Flags} from '@oclif/core'
import {TckCommand} from '../command.js'
import {runBuild} from '../engine/build.js'
import {TckError} from '../errors.js'

export default class Build extends TckCommand {
  static override summary = 'Build the tasks of the project (all of them, or the named ones and what they need).'
  static override description =
    'Recipes come from tck.config.* tasks and from every recipe parser plugin; each task runs through the pipeline hooks (see `tck hooks`).'
  static override examples = [
    '<%= config.bin %> build',
    '<%= config.bin %> build app -j 4',
    '<%= config.bin %> build --trace-hooks',
    '<%= config.bin %> build --keep-going --json',
  ]
  static override strict = false
  static override args = {targets: Args.string({description: 'Tasks to build (default: all)'})}
  static override flags = {
    jobs: Flags.integer({char: 'j', description: 'Tasks run at once (default: the number of cores)', min: 1}),
    'keep-going': Flags.boolean({char: 'k', description: 'Build what does not depend on a failed task'}),
    'trace-hooks': Flags.boolean({description: 'Print each hook as it fires and the taps it runs'}),
  }

  async run() {
    const {argv, flags} = await this.parse(Build)
    const host = await this.host(flags, flags['trace-hooks'])
    const interrupt = new AbortController()
    process.once('SIGINT', () => interrupt.abort())
    const json = this.jsonEnabled()
    const summary = await runBuild(host.buildContext({jobs: flags.jobs}), host.pipeline, host.registries, {
      targets: argv as string[],
      jobs: flags.jobs,
      keepGoing: flags['keep-going'],
      stdio: 'capture',
      signal: interrupt.signal,
      onTask: json ? undefined : (outcome, done, total) => this.logToStderr(`[${done}/${total}] ${outcome.status.padEnd(7)} ${outcome.id} (${outcome.durationMs} ms)`),
    })
    const counts = new Map<string, number>()
    for (const {status} of summary.outcomes) counts.set(status, (counts.get(status) ?? 0) + 1)
    const line = [...counts].map(([status, count]) => `${count} ${status}`).join(', ') || 'nothing to do'
    if (!json) this.logToStderr(`build ${summary.ok ? 'finished' : 'failed'} in ${summary.durationMs} ms: ${line}`)
    if (!summary.ok && !json) {
      const [first, ...rest] = summary.errors
      throw rest.length === 0 && first instanceof TckError
        ? first
        : new TckError('TASK_FAILED', summary.errors.map((error) => error.message).join('\n'))
    }
    if (!summary.ok) process.exitCode = 1
    return {ok: summary.ok, durationMs: summary.durationMs, outcomes: summary.outcomes}
  }
}
