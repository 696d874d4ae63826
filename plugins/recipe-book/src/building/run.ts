/**
 * `tck book build`: the book's plan through the one engine (api.engine.build), with the book's
 * settings in the engine options, progress a line per package on stderr, and the book report read
 * back at the end. `--resume` asks again exactly what the interrupted build asked (book, packages,
 * root, jobs, checks); finished packages are cache hits, so nothing finished is built twice.
 */
import type {Config} from '@oclif/core'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {BuildResult, TckApi} from 'tck'
import {openBook, planOf} from '../book/open.js'
import type {BookReport} from '../report/report.js'
import {bookError} from '../runtime.js'
import {stateDirOf, type BookRunOptions} from './settings.js'
import {readState} from './state.js'
import {taskId} from './tasks.js'

export interface BuildFlags {
  cwd?: string
  config?: string
  book?: string
  packages: string[]
  jobs?: number
  parallel?: number
  root?: string
  check?: boolean
  resume?: boolean
  keepGoing?: boolean
}

export interface BookBuild {
  result: BuildResult
  report?: BookReport
}

async function resumed(api: TckApi, oclif: Config, flags: BuildFlags): Promise<BookRunOptions> {
  const {host, book} = await openBook(api, oclif, flags)
  const state = await readState(stateDirOf(host.root, book.name))
  if (!state) throw bookError('USAGE', `book ${book.name} has no build to resume`, 'Start one with `tck book build`.')
  if (state.ok) throw bookError('USAGE', `the last build of book ${book.name} finished (${state.finishedAt}); there is nothing to resume`, 'Run `tck book build` to build again (finished packages are cache hits).')
  return {file: state.file, targets: state.targets, root: state.root, jobs: state.jobs, check: state.check}
}

export async function buildBook(api: TckApi, oclif: Config, flags: BuildFlags, onLine: (line: string) => void, signal: AbortSignal): Promise<BookBuild> {
  const run: BookRunOptions = flags.resume
    ? await resumed(api, oclif, flags)
    : {targets: flags.packages, root: flags.root, jobs: flags.jobs, check: flags.check}
  const opened = await openBook(api, oclif, flags, run)
  const plan = planOf(opened)
  const total = plan.items.length
  let done = 0
  onLine(`book ${opened.book.name}: ${total} packages into ${opened.settings.targetRoot}${flags.resume ? ' (resumed)' : ''}`)
  const result = await api.engine.build(opened.host, {
    targets: plan.items.map((item) => taskId(opened.book.name, item.key)),
    jobs: flags.parallel ?? opened.settings.jobs,
    keepGoing: Boolean(flags.keepGoing),
    stdio: 'capture',
    signal,
    engineOptions: {book: {...run, file: opened.file}},
    onEvent(event) {
      if (event.type !== 'task-end' || !event.id.startsWith(`${opened.book.name}:`)) return
      done++
      const seconds = event.durationMs !== undefined ? ` ${(event.durationMs / 1000).toFixed(1)} s` : ''
      onLine(`[${done}/${total}] ${event.id.slice(opened.book.name.length + 1)} ${event.status}${event.status === 'built' ? seconds : ''}`)
    },
  })
  let report: BookReport | undefined
  try {
    report = JSON.parse(await readFile(join(opened.settings.stateDir, 'report.json'), 'utf8')) as BookReport
  } catch {}
  return {result, report}
}
