import {Args, Flags} from '@oclif/core'
import {BookCommand} from '../../command.js'
import {runImport} from '../../import/index.js'

export default class BookImport extends BookCommand {
  static override summary = 'Turn the LFS or BLFS book sources (DocBook XML) into a tck book.'
  static override description =
    'Reads the unpacked book (the directory with index.xml): packages, versions, sources with their checksums, the commands of the ' +
    'userinput blocks and, for BLFS, the required / recommended / optional / runtime dependencies. Writes a directory book ' +
    '(book.yaml and one .pkg file per package) to --out. See docs/books.md.'
  static override examples = [
    '<%= config.bin %> book import blfs ~/blfs-book --out books/blfs',
    '<%= config.bin %> book import lfs ~/lfs-book --out books/lfs',
    '<%= config.bin %> book import lfs ~/lfs-book --out books/slice --only zlib,xz,gzip --sources debian',
  ]
  static override args = {
    kind: Args.string({description: 'Which book', options: ['lfs', 'blfs'], required: true}),
    dir: Args.string({description: 'The unpacked book sources (holding index.xml)', required: true}),
  }
  static override flags = {
    out: Flags.string({char: 'o', description: 'Directory to write the tck book to (default: ./<kind>)'}),
    only: Flags.string({description: 'Keep only these packages (comma-separated); their dependencies on the others are dropped'}),
    sources: Flags.string({description: "Where sources come from: the book's URLs, or Debian's source archive (its upstream tarballs, with SHA-256)", options: ['book', 'debian'], default: 'book'}),
    'debian-names': Flags.string({description: 'With --sources debian: Debian package names for book packages named otherwise (xz=xz-utils,...)'}),
    revision: Flags.string({description: 'The book variant to read', options: ['sysv', 'systemd'], default: 'sysv'}),
    name: Flags.string({description: 'Name of the tck book (default: lfs or blfs; <book>-slice with --only)'}),
    force: Flags.boolean({description: 'Replace --out if it exists'}),
  }

  async run() {
    const {args, flags} = await this.parse(BookImport)
    await this.api()
    const kind = args.kind as 'lfs' | 'blfs'
    const summary = await runImport(
      kind,
      args.dir,
      {
        out: flags.out ?? kind,
        only: flags.only?.split(',').map((name) => name.trim()).filter(Boolean),
        sources: flags.sources as 'book' | 'debian',
        revision: flags.revision as 'sysv' | 'systemd',
        name: flags.name,
        debianNames: Object.fromEntries((flags['debian-names'] ?? '').split(',').filter(Boolean).map((pair) => pair.split('=').map((part) => part.trim()) as [string, string])),
        force: flags.force,
      },
      (line) => this.progress(line),
    )
    if (!this.jsonEnabled()) {
      this.log(`${summary.book}: ${summary.packages} packages (${summary.withDependencies} with dependencies) written to ${summary.out}`)
      if (summary.warnings.length > 0) this.log(`${summary.warnings.length} notes:\n${summary.warnings.map((line) => `  ${line}`).join('\n')}`)
    }
    return summary
  }
}
