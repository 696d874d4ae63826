import {Args, Flags} from '@oclif/core'
import {BookCommand} from '../../command.js'
import {openBook, planOf} from '../../book/open.js'
import {buildDependencies} from '../../resolve/plan.js'

export default class BookPlan extends BookCommand {
  static override summary = 'Print the build order for packages of a book, with the chain that pulls in each one.'
  static override description =
    'Resolves the dependencies (required always; recommended and optional as the config or flags switch them; runtime ones too, ' +
    'in any order), picks one version per package (the newest meeting every constraint), and prints a topological order that keeps ' +
    "the book's own order where it can. A missing package, a version conflict or a cycle is an error naming the chains."
  static override examples = [
    '<%= config.bin %> book plan gtk3',
    '<%= config.bin %> book plan gtk3 --no-recommended',
    '<%= config.bin %> book plan harfbuzz --optional cairo --json',
  ]
  static override strict = false
  static override args = {packages: Args.string({description: "Packages to build (name[:pass] [op version]); default: the book's targets"})}
  static override flags = {
    book: Flags.string({description: 'The book: a directory with book.yaml, or a .book file (default: the one in the project)'}),
    recommended: Flags.boolean({description: 'Follow recommended dependencies (default: the config, else the book)', allowNo: true}),
    optional: Flags.string({description: 'Follow these optional dependencies (comma-separated; "all" for every one)'}),
  }

  async run() {
    const {argv, flags} = await this.parse(BookPlan)
    const api = await this.api()
    const opened = await openBook(api, this.config, flags, {targets: argv as string[]})
    const optional = flags.optional === undefined ? undefined : flags.optional === 'all' ? true : flags.optional.split(',').map((name) => name.trim())
    const plan = planOf(opened, {...(flags.recommended === undefined ? {} : {recommended: flags.recommended}), ...(optional === undefined ? {} : {optional})})
    const rows = plan.items.map((item, index) => ({
      position: index + 1,
      key: item.key,
      version: item.pkg.version,
      via: item.via,
      chain: item.chain,
      dependencies: buildDependencies(item),
      runtime: item.edges.filter((edge) => edge.order === 'runtime').map((edge) => edge.to),
    }))
    if (!this.jsonEnabled()) {
      const width = Math.max(...rows.map((row) => `${row.key} ${row.version}`.length))
      for (const row of rows) this.log(`${String(row.position).padStart(4)}  ${`${row.key} ${row.version}`.padEnd(width)}  ${row.chain.join(' -> ')}${row.via === 'target' ? '' : ` (${row.via})`}`)
      for (const warning of plan.warnings) this.logToStderr(`tck: note: ${warning}`)
    }
    return {book: opened.book.name, targets: plan.targets, packages: rows, warnings: plan.warnings}
  }
}
