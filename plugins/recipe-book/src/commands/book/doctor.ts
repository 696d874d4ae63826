import {Flags} from '@oclif/core'
import {BookCommand} from '../../command.js'
import {openBook} from '../../book/open.js'
import {checkRequirement} from '../../doctor/doctor.js'
import {bookError} from '../../runtime.js'

export default class BookDoctor extends BookCommand {
  static override summary = "Check this host against the book's requirements (its programs and minimum versions), like LFS's version-check.sh."
  static override examples = ['<%= config.bin %> book doctor', '<%= config.bin %> book doctor --book books/lfs --json']
  static override flags = {book: Flags.string({description: 'The book: a directory with book.yaml, or a .book file (default: the one in the project)'})}

  async run() {
    const {flags} = await this.parse(BookDoctor)
    const opened = await openBook(await this.api(), this.config, flags)
    const checks = await Promise.all(opened.book.host.map(checkRequirement))
    if (!this.jsonEnabled()) {
      if (checks.length === 0) this.log(`book ${opened.book.name} states no host requirements`)
      for (const check of checks) this.log(`${check.ok ? 'OK   ' : 'ERROR'}  ${check.name.padEnd(20)} ${check.version ?? ''}${check.min ? ` (>= ${check.min})` : ''}${check.found ? `  ${check.found}` : ''}${check.problem ? `: ${check.problem}` : ''}`)
    }
    const failed = checks.filter((check) => !check.ok)
    if (failed.length > 0 && !this.jsonEnabled()) throw bookError('USAGE', `${failed.length} of ${checks.length} host requirements are not met: ${failed.map((check) => check.name).join(', ')}`, 'Install or upgrade those programs (see the book\'s host requirements).')
    if (failed.length > 0) process.exitCode = 2
    return {book: opened.book.name, ok: failed.length === 0, checks}
  }
}
