/**
 * The book plugin in the engine: a recipe parser for books (`book.yaml`, `*.book`) that yields one
 * task per package of the plan, and the taps that give those tasks what a book build needs —
 * their sources' SHA-256 in the key, the sources and a sysroot of their dependencies before they
 * run, a share of the jobs for `make`, and the target root filled after them.
 */
import type {BuildContext, Register, TaskContext} from 'tck'
import {loadBook} from './book/parse.js'
import {BookIndex} from './resolve/index.js'
import {planOf} from './book/open.js'
import {packageRequest, prepareRun} from './building/prepare.js'
import {recoverRoot} from './building/merge.js'
import {finishRestore} from './checkpoint/checkpoints.js'
import {finishBook} from './building/finish.js'
import {BookSession, addSession, sessionOf, sessionsOf} from './building/session.js'
import {runOptions, settingsFor} from './building/settings.js'
import {PACKAGE_TASK, packageTasks} from './building/tasks.js'
import {useApi} from './runtime.js'

const isPackage = (context: TaskContext) => context.task.kind === PACKAGE_TASK && Boolean(context.task.attrs.book)
const sessionFor = (context: TaskContext) => sessionOf(context.build, context.task.attrs.book)

const register: Register = ({pipeline, registries, api}) => {
  useApi(api)
  // The parser is handed only the file; the build it belongs to is the one whose files were just discovered.
  let discovering: BuildContext | undefined

  pipeline.recipeFilesDiscovered.tap((sources, build) => {
    discovering = build
    const only = runOptions(build).file
    return only ? sources.filter((source) => source.parser !== 'book' || source.file === only) : sources
  })

  registries.recipeParser.register({
    name: 'book',
    patterns: ['**/book.yaml', '**/*.book'],
    async parse(source) {
      const build = discovering!
      const book = await loadBook(build.root, source.file, source.text)
      const index = new BookIndex(book)
      const settings = settingsFor(build, book)
      const plan = planOf({book, index, settings})
      // A restore or a merge a crash interrupted is finished before anything reads the root.
      await finishRestore(settings.stateDir)
      await recoverRoot(settings.stateDir)
      const session = new BookSession(build, book, index, plan, settings)
      await session.start()
      addSession(session)
      return [{name: book.name, parser: 'book', location: {file: source.file}, vars: {}, tasks: packageTasks(book, plan, settings)}]
    },
  })

  pipeline.computeKey.tap((parts, context) => {
    if (!isPackage(context)) return parts
    const session = sessionFor(context)!
    const {pkg} = session.item(context.task.attrs.key)
    for (const source of pkg.sources) parts.push({kind: 'book-source', name: source.file, value: source.sha256 ?? `md5:${source.md5 ?? ''}`})
    parts.push({kind: 'book-check', name: pkg.name, value: String(session.settings.check && Boolean(pkg.check))})
    return parts
  })

  pipeline.requestCreated.tap((request, context) => (isPackage(context) ? packageRequest(sessionFor(context)!, context, request) : request))

  pipeline.beforeExecute.tap(async (_request, context) => {
    if (isPackage(context)) await prepareRun(sessionFor(context)!, context)
    return undefined
  })

  pipeline.afterExecute.tap((result, context) => {
    if (!isPackage(context)) return
    const session = sessionFor(context)!
    session.running.delete(context.task.attrs.key)
    session.builtMs.set(context.task.attrs.key, result.durationMs)
  })

  pipeline.taskFailed.tap((_error, context) => {
    if (isPackage(context)) sessionFor(context)?.running.delete(context.task.attrs.key)
  })

  pipeline.outputsMaterialized.tap(async (context) => {
    if (!isPackage(context)) return
    await sessionFor(context)!.materialized(context.task.attrs.key, context.data.replayed ? 'cached' : 'built')
  })

  pipeline.buildFinished.tap(async (summary) => {
    for (const session of sessionsOf(summary.context)) await finishBook(session, summary)
  })
}

export default register
