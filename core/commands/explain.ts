import {Args, Flags} from '@oclif/core'
import {TckCommand} from '../command.js'
import {explainProject, explainTask, type Comparison} from '../explain/explain.js'
import {formatExplanation} from '../explain/explanation.js'

export default class Explain extends TckCommand {
  static override summary = 'Say why a task ran, or would run: which parts of its cache key changed. Without a task: what the next build would run, and why.'
  static override description = `Every build keeps each task's key manifest (the command, the environment variables it sees, the digest of each input file, its dependencies' keys, and what plugins add) under .tck/explain/, with the one before it. explain compares the manifest a build would compute now (nothing is run) with the last one and names what differs; when nothing differs, it compares the last run with the one before. A changed dependency is followed down to what changed inside it.

Without a task, explain lists every task the next build would run (its key changed, it never ran, or it is not cacheable) with the same reasons; --json then gives {explanations, unchanged}.`
  static override examples = [
    {description: 'Why would app:compile rebuild?', command: '<%= config.bin %> explain app:compile'},
    {description: 'Why did its last run miss the cache?', command: '<%= config.bin %> explain app:compile --compare last'},
    {description: 'The changes as data', command: '<%= config.bin %> explain app:compile --json'},
    {description: 'What would the next build run, and why?', command: '<%= config.bin %> explain'},
  ]
  static override args = {task: Args.string({description: 'The task to explain (default: every task the next build would run)'})}
  static override flags = {
    compare: Flags.string({
      description: 'now: the project now against the last run; last: the last run against the one before; auto: now, or last when nothing changed',
      options: ['auto', 'now', 'last'],
      default: 'auto',
    }),
  }

  async run() {
    const {args, flags} = await this.parse(Explain)
    const host = await this.host(flags)
    if (args.task === undefined) {
      const project = await explainProject(host.build(), [])
      if (!this.jsonEnabled()) {
        for (const explanation of project.explanations) this.log(formatExplanation(explanation))
        const cached = `${project.unchanged} task${project.unchanged === 1 ? '' : 's'} unchanged since their last run`
        this.log(project.explanations.length === 0 ? `nothing would run: ${cached}` : `(${cached})`)
      }
      return project
    }
    const explanation = await explainTask(host.build(), args.task, flags.compare as Comparison)
    if (!this.jsonEnabled()) this.log(formatExplanation(explanation))
    return explanation
  }
}
