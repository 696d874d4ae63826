/** A book as a command opens it: the host (config loaded, plugins registered), the book file and its plan. */
import type {Config} from '@oclif/core'
import type {Host, TckApi} from 'tck'
import {settingsFor, type BookRunOptions, type Settings} from '../building/settings.js'
import {BookIndex} from '../resolve/index.js'
import {orderPlan, type Plan} from '../resolve/plan.js'
import {resolve} from '../resolve/resolve.js'
import {locateBook} from './locate.js'
import type {Book} from './model.js'
import {loadBook} from './parse.js'

export interface OpenBook {
  host: Host
  file: string
  book: Book
  index: BookIndex
  settings: Settings
}

export async function openBook(api: TckApi, oclif: Config, flags: {cwd?: string; config?: string; book?: string}, run: BookRunOptions = {}): Promise<OpenBook> {
  const host = await api.engine.createHost(oclif, {cwd: flags.cwd ?? process.cwd(), configFile: flags.config})
  const file = run.file ?? (await locateBook(host.root, flags.book))
  const book = await loadBook(host.root, file)
  const settings = settingsFor({root: host.root, config: host.config, options: {book: {...run, file}}}, book)
  return {host, file, book, index: new BookIndex(book), settings}
}

export function planOf(opened: Pick<OpenBook, 'index' | 'settings' | 'book'>, overrides: Partial<Settings['selection']> = {}): Plan {
  const {index, settings, book} = opened
  const targets = settings.targets.length > 0 ? settings.targets : [...new Set(book.packages.map((pkg) => index.key(index.get(pkg.name, pkg.version)!)))]
  return orderPlan(index, resolve(index, targets, {...settings.selection, ...overrides}))
}
