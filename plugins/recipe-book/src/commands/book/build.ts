import {Args, Flags} from '@oclif/core'
import {BookCommand} from '../../command.js'
import {buildBook} from '../../building/run.js'
import {reportMarkdown} from '../../report/report.js'
import {bookError} from '../../runtime.js'

export default class BookBuild extends BookCommand {
  static override summary = "Build packages of a book into its target root, through tck's engine (cached, scheduled, resumable)."
  static override description =
    'Each package is a task: its sources (verified by SHA-256), script, dependencies and settings make its key, so an unchanged package ' +
    'is a cache hit. Packages build in parallel where dependencies allow, most urgent (longest chain) first; -j is split between the ' +
    'packages running and their make -j. Each package installs into its own DESTDIR, packed as its output, then merged into the target ' +
    'root in plan order. State is saved after every package: after a crash, --resume goes on where the build stopped. The book report ' +
    '(SBU table, critical path, validation) is in .tck/book/<book>/report.md.'
  static override examples = [
    '<%= config.bin %> book build',
    '<%= config.bin %> book build gzip -j 4 --root /mnt/lfs',
    '<%= config.bin %> book build --resume',
  ]
  static override strict = false
  static override args = {packages: Args.string({description: "Packages to build (default: the book's targets, else all)"})}
  static override flags = {
    book: Flags.string({description: 'The book: a directory with book.yaml, or a .book file (default: the one in the project)'}),
    jobs: Flags.integer({char: 'j', description: 'Jobs in all, split between packages at once and make -j (default: config jobs, else the cores)', min: 1}),
    parallel: Flags.integer({description: 'At most this many packages at once (default: --jobs)', min: 1}),
    root: Flags.string({description: 'The target root (default: plugins.book.root, else .tck/book/<book>/root)'}),
    check: Flags.boolean({description: "Run each package's test suite (make check) where the book has one", allowNo: true}),
    resume: Flags.boolean({description: 'Go on with the last, unfinished build: same packages, root, jobs and checks'}),
    'keep-going': Flags.boolean({char: 'k', description: 'Build what does not depend on a failed package'}),
  }

  async run() {
    const {argv, flags} = await this.parse(BookBuild)
    const api = await this.api()
    if (flags.resume && argv.length > 0) throw bookError('USAGE', '--resume goes on with the packages of the last build; name none')
    const interrupt = new AbortController()
    const onSignal = () => (interrupt.signal.aborted ? process.exit(130) : interrupt.abort())
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
    try {
      const {result, report} = await buildBook(api, this.config, {...flags, packages: argv as string[], keepGoing: flags['keep-going']}, (line) => this.progress(line), interrupt.signal)
      if (!this.jsonEnabled() && report) this.log(reportMarkdown(report))
      if (result.interrupted) throw bookError('INTERRUPTED', 'interrupted: running packages were stopped; `tck book build --resume` goes on from here')
      if (!result.ok) {
        const [first, ...rest] = result.errors
        const code = rest.length === 0 && typeof (first as {code?: unknown})?.code === 'string' ? (first as unknown as {code: 'TASK_FAILED'}).code : 'TASK_FAILED'
        const hint = rest.length === 0 && (first as {hint?: string})?.hint ? `${(first as {hint?: string}).hint}\n  Then \`tck book build --resume\` goes on from there.` : 'Fix the package, then `tck book build --resume` goes on from there.'
        throw bookError(code, result.errors.map((error) => error.message).join('\n'), hint)
      }
      if (report && !report.ok) {
        const failed = report.validation.filter((entry) => !entry.ok)
        throw bookError('TASK_FAILED', `validation failed:\n${failed.map((entry) => `  ${entry.key}: ${entry.problems.join('; ')}`).join('\n')}`, 'The packages are in the root; see .tck/book/<book>/report.md.')
      }
      return {ok: true, report}
    } finally {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }
}
