/**
 * Each package of the plan is one engine task. Its key is what the engine keys every task on —
 * the command (this driver with the package's script), environment, programs, dependencies' keys
 * and output digests — plus, through the computeKey tap, the SHA-256 of every source and the
 * settings that change the build (checks on or off). Its one declared output is the package's
 * archive of what it installed; the target root is filled from those archives after it.
 */
import type {TaskSpec} from 'tck'
import type {Book} from '../book/model.js'
import type {Plan} from '../resolve/plan.js'
import {buildDependencies} from '../resolve/plan.js'
import {driverScript} from './driver.js'
import type {Settings} from './settings.js'

export const PACKAGE_TASK = 'book-package'

/** The host programs a book's builds run, keyed for every package unless the book lists its own. */
export const defaultTools = ['bash', 'cc', 'gcc', 'g++', 'ld', 'as', 'ar', 'make', 'tar', 'sed', 'awk']

/**
 * The PATH every package's script starts from, unless the book's `env` sets one. The engine keys
 * a task on its PATH; the caller's (a shell's, npm's) would make every build from another terminal
 * a rebuild. LFS fixes its PATH too.
 */
export const defaultPath = '/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin'

export const taskId = (book: string, key: string) => `${book}:${key}`

/** `gcc:1` → `gcc.pass1`: the archive's file name. */
export const archiveName = (key: string) => `${key.replace(/:(\d+)$/, '.pass$1')}.tar`

export function archivePath(book: Book, key: string): string {
  return `.tck/book/${book.name}/packages/${archiveName(key)}`
}

export function packageTasks(book: Book, plan: Plan, settings: Settings): TaskSpec[] {
  return plan.items.map((item) => ({
    id: taskId(book.name, item.key),
    recipe: book.name,
    kind: PACKAGE_TASK,
    command: {script: driverScript(item.pkg, {check: settings.check}), shell: '/bin/bash'},
    deps: buildDependencies(item).map((key) => taskId(book.name, key)),
    inputs: [],
    outputs: [archivePath(book, item.key)],
    env: {PATH: defaultPath, ...book.env, TCK_BOOK_PACKAGE: item.pkg.name, TCK_BOOK_VERSION: item.pkg.version},
    envPass: [],
    tools: book.tools ?? defaultTools,
    cacheable: true,
    retries: 0,
    resources: {network: false},
    executor: settings.executor,
    attrs: {book: book.name, package: item.pkg.name, version: item.pkg.version, pass: String(item.pkg.pass), key: item.key},
    location: item.pkg.location,
  }))
}
