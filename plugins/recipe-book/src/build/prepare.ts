/**
 * Just before a package's script runs: its sources fetched (verified), its sysroot assembled from
 * the archives of what it needs, and the variables the driver reads. None of these are in the key
 * — they are paths on this machine — but all are determined by what is: sources by SHA-256, the
 * sysroot by the dependencies' archives. `MAKEFLAGS` gets this package's share of the jobs: all of
 * them when it runs alone, an equal part when others run beside it.
 */
import {copyFile, link, lstat, mkdir, rename} from 'node:fs/promises'
import {basename, join} from 'node:path'
import type {ExecRequest, TaskContext} from 'tck'
import {fetchSources, type FetchedSource} from '../sources/fetch.js'
import type {BookSession} from './session.js'
import {assembleSysroot, closure, sysrootEnv} from './sysroot.js'
import {archivePath} from './tasks.js'
import {treeOf} from './trees.js'

/**
 * The sources, linked from the download cache into the book's state: a sandboxed build sees the
 * project but maybe not the cache (a private /tmp hides one kept there). A hardlink where it can
 * be, a copy where not; either way the file was verified by its SHA-256 just before.
 */
async function linkSources(stateDir: string, sources: FetchedSource[]): Promise<FetchedSource[]> {
  const linked: FetchedSource[] = []
  for (const source of sources) {
    const dir = join(stateDir, 'sources', basename(source.path))
    const path = join(dir, source.file)
    if (!(await lstat(path).catch(() => undefined))) {
      await mkdir(dir, {recursive: true})
      const temporary = `${path}.${process.pid}`
      await link(source.path, temporary).catch(() => copyFile(source.path, temporary))
      await rename(temporary, path)
    }
    linked.push({file: source.file, path})
  }
  return linked
}

export function jobsShare(total: number, running: number): number {
  return Math.max(1, Math.floor(total / Math.max(1, running)))
}

export async function prepareRun(session: BookSession, context: TaskContext, request: ExecRequest): Promise<ExecRequest> {
  const key = context.task.attrs.key
  const {pkg} = session.item(key)
  const {book, build, settings} = session
  await session.begun()
  const sources = await linkSources(settings.stateDir, await fetchSources(book, build.root, pkg, context.signal))
  const trees = []
  for (const dep of closure(session.plan.items, key)) trees.push((await treeOf(settings.stateDir, join(build.root, archivePath(book, dep)))).dir)
  const sysroot = join(settings.stateDir, 'sysroot', key.replace(/:/g, '.'))
  await assembleSysroot(sysroot, trees)
  session.running.add(key)
  const share = jobsShare(settings.jobs, session.running.size)
  return {
    ...request,
    env: {
      ...request.env,
      ...sysrootEnv(sysroot, request.env),
      TCK_BOOK_SOURCES: sources.map((source) => `${source.file}\t${source.path}`).join('\n'),
      TCK_BOOK_OUTPUT: join(build.root, archivePath(book, key)),
      MAKEFLAGS: `-j${share}`,
      CMAKE_BUILD_PARALLEL_LEVEL: String(share),
      TCK_JOBS: String(share),
    },
  }
}
