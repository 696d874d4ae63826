/** Which book a command means: `--book` (a directory with book.yaml, or a .book file), else the one book in the project. */
import {stat} from 'node:fs/promises'
import {join, relative, resolve} from 'node:path'
import {glob} from 'tinyglobby'
import {bookError} from '../runtime.js'

export async function locateBook(projectRoot: string, given?: string): Promise<string> {
  if (given) {
    const path = resolve(given)
    const info = await stat(path).catch(() => undefined)
    if (!info) throw bookError('USAGE', `no book at ${given}`, 'Give a directory holding book.yaml, or a .book file.')
    const file = info.isDirectory() ? join(path, 'book.yaml') : path
    if (info.isDirectory() && !(await stat(file).catch(() => undefined))) throw bookError('USAGE', `${given} holds no book.yaml`)
    const inside = relative(projectRoot, file)
    if (inside.startsWith('..')) throw bookError('USAGE', `${given} is outside the project ${projectRoot}`, 'Run from the project that holds the book, or pass --cwd.')
    return inside
  }
  const found = (await glob(['**/book.yaml', '**/*.book'], {cwd: projectRoot, ignore: ['**/node_modules/**', '**/.git/**', '**/.tck/**']})).sort()
  if (found.length === 1) return found[0]
  if (found.length === 0) throw bookError('USAGE', `no book in ${projectRoot} (no book.yaml, no *.book file)`, 'Create one (docs/books.md), import one with `tck book import`, or pass --book.')
  throw bookError('USAGE', `${found.length} books in ${projectRoot}: ${found.join(', ')}`, 'Pick one with --book.')
}
