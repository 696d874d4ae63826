/**
 * What a package's script is given, in two steps. The variables the driver reads are part of its
 * request, so of its key: paths inside the project (the key counts them from the root), each
 * naming what the key already covers — a source by its SHA-256, the sysroot by the task it is for.
 * Just before the script runs, those paths are filled: the sources fetched (verified) and linked,
 * the sysroot assembled from the archives of what the package needs, and the package's share of
 * the jobs written where the driver reads it — all of them when it runs alone, an equal part when
 * others run beside it. The share is the one thing that differs between runs, and no output may
 * depend on it, so it is read at run time rather than keyed, as BitBake keeps PARALLEL_MAKE out
 * of its signatures.
 */
import {copyFile, link, lstat, mkdir, rename, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {ExecRequest, TaskContext} from 'tck'
import type {Source} from '../book/model.js'
import {fetchSources} from '../sources/fetch.js'
import type {BookSession} from './session.js'
import {assembleSysroot, closure} from './sysroot.js'
import {archivePath} from './tasks.js'
import {treeOf} from './trees.js'

/** A source's place in the book's state, by its SHA-256: a sandboxed build sees the project but maybe not the download cache. */
const linkedPath = (stateDir: string, source: Source) => join(stateDir, 'sources', source.sha256 ?? 'unverified', source.file)
const sysrootPath = (stateDir: string, key: string) => join(stateDir, 'sysroot', key.replace(/:/g, '.'))
const jobsPath = (stateDir: string, key: string) => join(stateDir, 'jobs', key.replace(/:/g, '.'))

export function jobsShare(total: number, running: number): number {
  return Math.max(1, Math.floor(total / Math.max(1, running)))
}

export function packageRequest(session: BookSession, context: TaskContext, request: ExecRequest): ExecRequest {
  const key = context.task.attrs.key
  const {pkg} = session.item(key)
  const {book, build, settings} = session
  return {
    ...request,
    env: {
      ...request.env,
      // Only the sysroot's place: the driver points the search paths into it when the script
      // runs. Were PATH in the request, the key's program lookup would see whatever an earlier
      // run left in the sysroot, and the same package would key differently on a second build.
      TCK_SYSROOT: sysrootPath(settings.stateDir, key),
      TCK_BOOK_SOURCES: pkg.sources.map((source) => `${source.file}\t${linkedPath(settings.stateDir, source)}`).join('\n'),
      TCK_BOOK_OUTPUT: join(build.root, archivePath(book, key)),
      TCK_BOOK_JOBS_FILE: jobsPath(settings.stateDir, key),
    },
  }
}

/**
 * Hardlinked from the download cache where it can be, copied where not; either way the file was
 * verified by its SHA-256 just before.
 */
async function linkSource(from: string, path: string): Promise<void> {
  if (await lstat(path).catch(() => undefined)) return
  await mkdir(join(path, '..'), {recursive: true})
  const temporary = `${path}.${process.pid}`
  await link(from, temporary).catch(() => copyFile(from, temporary))
  await rename(temporary, path)
}

export async function prepareRun(session: BookSession, context: TaskContext): Promise<void> {
  const key = context.task.attrs.key
  const {pkg} = session.item(key)
  const {book, build, settings} = session
  await session.begun()
  const fetched = await fetchSources(book, build.root, pkg, context.signal)
  for (const [index, source] of pkg.sources.entries()) await linkSource(fetched[index].path, linkedPath(settings.stateDir, source))
  const trees = []
  for (const dep of closure(session.plan.items, key)) trees.push((await treeOf(settings.stateDir, join(build.root, archivePath(book, dep)))).dir)
  await assembleSysroot(sysrootPath(settings.stateDir, key), trees)
  session.running.add(key)
  const jobs = jobsPath(settings.stateDir, key)
  await mkdir(join(jobs, '..'), {recursive: true})
  await writeFile(jobs, `${jobsShare(settings.jobs, session.running.size)}\n`)
}
