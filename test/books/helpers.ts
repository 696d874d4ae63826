/** The book plugin as users add it (linked into a private data dir), the fixture book copied, and trees compared by digest. */
import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {cpSync, lstatSync, readFileSync, readdirSync, readlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, repoRoot, tck, tempDir, type CliResult} from '../helpers/cli.js'
import {runtime} from '../../core/runtime.js'
import {useApi} from '../../plugins/recipe-book/src/runtime.js'

export const pluginDir = join(repoRoot, 'plugins', 'recipe-book')
export const fixtures = join(repoRoot, 'fixtures', 'books')

/** Library code of the plugin, called in-process, gets the host's runtime as tck:register would give it. */
useApi(runtime)

const programs: Record<string, string> = {gcc: 'gcc', cc: 'gcc', make: 'make', tar: 'tar', gzip: 'gzip', readelf: 'binutils', bash: 'bash'}

/** Fails the test run with one line naming the Debian package when a program the builds need is missing. */
export function needPrograms(names: string[]): void {
  for (const name of names) {
    if (!runtime.which(name)) throw new Error(`${name} is not installed: apt-get install ${programs[name] ?? name}`)
  }
}

export async function bookEnv(): Promise<NodeJS.ProcessEnv> {
  needPrograms(['gcc', 'make', 'tar', 'gzip', 'readelf', 'bash'])
  // Progress lines on stderr are part of what the tests read.
  const env = isolatedEnv({TCK_QUIET: '0'})
  const linked = await tck(['plugins', 'link', pluginDir, '--no-install'], {env})
  if (linked.code !== 0) throw new Error(`cannot link the book plugin: ${linked.stderr}`)
  return env
}

/** A private copy of fixtures/books/<name> as a project of its own. */
export function bookProject(name = 'tiny'): string {
  const dir = join(tempDir('tck-book-'), name)
  cpSync(join(fixtures, name), dir, {recursive: true, filter: (path) => !path.includes('/src/')})
  return dir
}

export function editFile(path: string, edit: (text: string) => string): void {
  writeFileSync(path, edit(readFileSync(path, 'utf8')))
}

/** Every entry under `dir`: path → type, mode, and SHA-256 (files) or target (links). */
export function treeDigest(dir: string, prefix = ''): Record<string, string> {
  const found: Record<string, string> = {}
  for (const name of readdirSync(join(dir, prefix)).sort()) {
    const path = prefix ? `${prefix}/${name}` : name
    const info = lstatSync(join(dir, path))
    if (info.isSymbolicLink()) found[path] = `link ${readlinkSync(join(dir, path))}`
    else if (info.isDirectory()) Object.assign(found, {[path]: `dir ${(info.mode & 0o7777).toString(8)}`}, treeDigest(dir, path))
    else found[path] = `file ${(info.mode & 0o7777).toString(8)} ${createHash('sha256').update(readFileSync(join(dir, path))).digest('hex')}`
  }
  return found
}

export const rootOf = (project: string, book = 'tiny') => join(project, '.tck', 'book', book, 'root')

/** Runs a program of the target root with the root's libraries, as the built system would. */
export function runInRoot(root: string, program: string, args: string[]): string {
  return execFileSync(join(root, program), args, {encoding: 'utf8', env: {...process.env, LD_LIBRARY_PATH: join(root, 'usr/lib')}})
}

/** `[n/N] key status` lines of a book build's progress (stderr, so TCK_QUIET must not be 1), as {key: status}. */
export function progressOf(result: CliResult): Record<string, string> {
  const statuses: Record<string, string> = {}
  for (const match of result.stderr.matchAll(/^\[\d+\/\d+\] (\S+) (\w+)/gm)) statuses[match[1]] = match[2]
  return statuses
}

/** Each package's status in the last build, from the book report. */
export function statusesOf(project: string, book = 'tiny'): Record<string, string> {
  const report = JSON.parse(readFileSync(join(project, '.tck', 'book', book, 'report.json'), 'utf8'))
  return Object.fromEntries(report.metrics.packages.map((row: {key: string; status: string}) => [row.key, row.status]))
}

export {tck}
