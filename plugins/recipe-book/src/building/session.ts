/**
 * One book in one engine run: its plan, settings and state, and the target root filled package
 * by package in plan order — the order a reader of the book would follow — whatever order the
 * engine finished them in. A package waits for the ones before it; if one fails, nothing after
 * it reaches the root (their archives stay cached for the next run).
 */
import {join} from 'node:path'
import type {BuildContext} from 'tck'
import type {Book} from '../book/model.js'
import type {BookIndex} from '../resolve/index.js'
import type {Plan} from '../resolve/plan.js'
import {tckApi} from '../runtime.js'
import {mergePackage} from './merge.js'
import {closure} from './sysroot.js'
import type {Settings} from './settings.js'
import {readState, writeState, type BookState} from './state.js'
import {archivePath} from './tasks.js'
import {treeOf} from './trees.js'

export class BookSession {
  readonly keys: string[]
  readonly running = new Set<string>()
  /** How long each package's script ran in this run (the executor's measure). */
  readonly builtMs = new Map<string, number>()
  readonly #ready = new Map<string, 'built' | 'cached'>()
  #next = 0
  #queue: Promise<void> = Promise.resolve()
  #previous?: BookState
  #written = false
  state!: BookState
  overwrites: string[] = []

  constructor(
    readonly build: BuildContext,
    readonly book: Book,
    readonly index: BookIndex,
    readonly plan: Plan,
    readonly settings: Settings,
  ) {
    this.keys = plan.items.map((item) => item.key)
  }

  async start(): Promise<void> {
    this.#previous = await readState(this.settings.stateDir)
    const carried = this.#previous?.root === this.settings.targetRoot ? this.#previous.packages : {}
    this.state = {
      book: this.book.name,
      file: this.book.file,
      root: this.settings.targetRoot,
      targets: this.plan.targets,
      jobs: this.settings.jobs,
      check: this.settings.check,
      plan: this.keys,
      startedAt: new Date().toISOString(),
      packages: Object.fromEntries(Object.entries(carried).filter(([key]) => this.keys.includes(key))),
    }
  }

  /**
   * The state goes to disk once the build does something (a package starts or comes from the
   * cache), not when the book is merely parsed: `tck query` must not turn a finished build into
   * one that `--resume` would pick up.
   */
  async begun(): Promise<void> {
    if (this.#written) return
    this.#written = true
    await writeState(this.settings.stateDir, this.state)
  }

  readonly #items = new Map<string, Plan['items'][number]>()

  item(key: string) {
    if (this.#items.size === 0) for (const item of this.plan.items) this.#items.set(item.key, item)
    return this.#items.get(key)!
  }

  /** The last real build time known for `key`: this run's, else the one the state remembers. */
  lastBuildMs(key: string): number | undefined {
    return this.builtMs.get(key) ?? this.state.packages[key]?.durationMs ?? this.#previous?.packages[key]?.durationMs
  }

  /** A package's archive is in place (built or from the cache): merge whatever is next in plan order. */
  /** Merges that failed, by package: the root stops before the first one. */
  readonly failures = new Map<string, Error>()

  /** A package's archive is in place (built or from the cache): merge whatever is next in plan order. Throws when this package's own merge failed. */
  async materialized(key: string, status: 'built' | 'cached'): Promise<void> {
    await this.begun()
    this.#ready.set(key, status)
    this.#queue = this.#queue.then(() => this.#drain())
    await this.#queue
    const failure = this.failures.get(key)
    if (failure) throw failure
  }

  async #drain(): Promise<void> {
    while (this.failures.size === 0 && this.#next < this.keys.length && this.#ready.has(this.keys[this.#next])) {
      const key = this.keys[this.#next]
      try {
        await this.#merge(key)
      } catch (error) {
        this.failures.set(key, error instanceof Error ? error : new Error(String(error)))
        return
      }
      this.#next++
    }
  }

  async #merge(key: string): Promise<void> {
    const archive = join(this.build.root, archivePath(this.book, key))
    const {digest} = await treeOf(this.settings.stateDir, archive)
    const merged = await tckApi().toolchains.withLock(join(this.settings.stateDir, 'root.lock'), () => mergePackage(this.settings.stateDir, this.settings.targetRoot, key, digest))
    // A package replacing what it was built on (a second pass, a newer tool) is the book's intent; anything else is worth a line.
    const below = new Set(closure(this.plan.items, key))
    for (const {path, owner} of merged.overwrote) if (!below.has(owner)) this.overwrites.push(`${key} overwrote /${path} of ${owner}`)
    const status = this.#ready.get(key)!
    const durationMs = status === 'built' ? (this.builtMs.get(key) ?? 0) : (this.lastBuildMs(key) ?? 0)
    this.state.packages[key] = {status, digest, durationMs, mergedAt: new Date().toISOString()}
    await writeState(this.settings.stateDir, this.state)
  }

  merged(): number {
    return this.#next
  }

  async finish(ok: boolean): Promise<BookState> {
    await this.#queue
    if (!this.#written) return this.state
    this.state.finishedAt = new Date().toISOString()
    this.state.ok = ok && this.#next === this.keys.length
    await writeState(this.settings.stateDir, this.state)
    return this.state
  }
}

const sessions = new WeakMap<BuildContext, Map<string, BookSession>>()

export function addSession(session: BookSession): void {
  let byBook = sessions.get(session.build)
  if (!byBook) sessions.set(session.build, (byBook = new Map()))
  byBook.set(session.book.name, session)
}

export function sessionOf(build: BuildContext, book: string): BookSession | undefined {
  return sessions.get(build)?.get(book)
}

export function sessionsOf(build: BuildContext): BookSession[] {
  return [...(sessions.get(build)?.values() ?? [])]
}
