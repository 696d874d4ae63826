/**
 * What decides a book build besides the book: `plugins.book` in the project's config, then what
 * `tck book build` passes in the engine options (`build.options.book`), which wins.
 */
import {availableParallelism} from 'node:os'
import {isAbsolute, join} from 'node:path'
import {z} from 'zod'
import type {BuildContext} from 'tck'
import type {Book} from '../book/model.js'
import {bookError} from '../runtime.js'
import type {Selection} from '../resolve/index.js'

const configSchema = z
  .object({
    root: z.string().optional(),
    recommended: z.boolean().optional(),
    optional: z.union([z.boolean(), z.array(z.string())]).optional(),
    providers: z.record(z.string()).optional(),
    check: z.boolean().optional(),
    executor: z.string().optional(),
    validate: z.boolean().optional(),
  })
  .strict()

export type BookConfig = z.infer<typeof configSchema>

/** What `tck book build` hands the engine for one run. */
export interface BookRunOptions {
  /** The book file (book.yaml or .book) relative to the project root; others in the project make no tasks then. */
  file?: string
  targets?: string[]
  root?: string
  /** Jobs in all: split between packages at once and `make -j` inside each. */
  jobs?: number
  check?: boolean
}

export interface Settings {
  selection: Selection
  check: boolean
  validate: boolean
  executor?: string
  /** Absolute path of the target root. */
  targetRoot: string
  /** Absolute path of the book's state: packages, trees, sysroots, state.json, checkpoints. */
  stateDir: string
  jobs: number
  targets: string[]
}

export function bookConfig(build: Pick<BuildContext, 'config'>): BookConfig {
  const raw = (build.config.plugins as Record<string, unknown> | undefined)?.book ?? {}
  const parsed = configSchema.safeParse(raw)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const key = issue.code === 'unrecognized_keys' ? issue.keys[0] : issue.path.join('.')
  throw bookError('CONFIG_INVALID', `plugins.book.${key}: ${issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message}`, 'Keys: root, recommended, optional, providers, check, executor, validate (docs/books.md).')
}

export function runOptions(build: Pick<BuildContext, 'options'>): BookRunOptions {
  return (build.options.book as BookRunOptions | undefined) ?? {}
}

export const stateDirOf = (projectRoot: string, bookName: string) => join(projectRoot, '.tck', 'book', bookName)

export function settingsFor(build: Pick<BuildContext, 'root' | 'config' | 'options'>, book: Book): Settings {
  const config = bookConfig(build)
  const run = runOptions(build)
  const stateDir = stateDirOf(build.root, book.name)
  const root = run.root ?? config.root
  const jobs = run.jobs ?? (build.options.jobs as number | undefined) ?? build.config.jobs ?? availableParallelism()
  return {
    selection: {
      recommended: config.recommended ?? book.recommended,
      optional: config.optional ?? book.optional,
      providers: config.providers ?? {},
      check: run.check ?? config.check ?? false,
    },
    check: run.check ?? config.check ?? false,
    validate: config.validate ?? true,
    executor: config.executor,
    targetRoot: root ? (isAbsolute(root) ? root : join(build.root, root)) : join(stateDir, 'root'),
    stateDir,
    jobs: Math.max(1, jobs),
    targets: run.targets && run.targets.length > 0 ? run.targets : (book.targets ?? []),
  }
}
