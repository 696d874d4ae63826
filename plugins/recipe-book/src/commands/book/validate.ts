import {Flags} from '@oclif/core'
import {BookCommand} from '../../command.js'
import {openBook} from '../../book/open.js'
import {readManifest} from '../../building/merge.js'
import {readState} from '../../building/state.js'
import {bookError} from '../../runtime.js'
import {validatePackage} from '../../validate/validate.js'

export default class BookValidate extends BookCommand {
  static override summary = "Validate the packages in a book's target root: declared files, their commands, shared libraries."
  static override flags = {
    book: Flags.string({description: 'The book: a directory with book.yaml, or a .book file (default: the one in the project)'}),
    root: Flags.string({description: 'The target root (default: the one the last build filled)'}),
  }

  async run() {
    const {flags} = await this.parse(BookValidate)
    const opened = await openBook(await this.api(), this.config, flags)
    const root = flags.root ?? (await readState(opened.settings.stateDir))?.root ?? opened.settings.targetRoot
    const manifest = await readManifest(opened.settings.stateDir, root)
    const results = []
    for (const merged of manifest.packages) {
      const pkg = opened.book.packages.find((candidate) => opened.index.key(candidate) === merged.key)
      if (pkg) results.push(await validatePackage(root, pkg, merged, merged.key))
    }
    const failed = results.filter((result) => !result.ok)
    if (!this.jsonEnabled()) {
      for (const result of results) this.log(`${result.ok ? 'OK   ' : 'ERROR'}  ${result.key}: ${result.files} files, ${result.commands} commands, ${result.elfFiles} ELF files${result.ok ? '' : `: ${result.problems.join('; ')}`}`)
      if (failed.length > 0) throw bookError('TASK_FAILED', `${failed.length} of ${results.length} packages failed validation`)
    }
    if (failed.length > 0) process.exitCode = 1
    return {book: opened.book.name, root, ok: failed.length === 0, results}
  }
}
