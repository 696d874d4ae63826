/**
 * What of the host a task may write: the directories of its declared outputs, inside the project,
 * and an output file at the project root on its own (binding the root would open the whole project).
 */
import {lstat, mkdir, realpath, stat, writeFile} from 'node:fs/promises'
import {dirname, isAbsolute, relative, resolve} from 'node:path'
import type {TckApi} from 'tck'

const isGlob = (segment: string) => /[*?[\]{}]/.test(segment)

export interface Writable {
  /** Real paths, parents before children. */
  dirs: string[]
  /** Root-level output files, bound one by one; `created` are the empty ones made for the bind. */
  files: string[]
  created: Array<{path: string; mtimeMs: number}>
}

/** `out/app.o` → `out`; `gen/` or an existing directory → itself; `gen/**\/*.h` → `gen`. */
async function outputDir(root: string, output: string): Promise<string> {
  const segments = output.split('/')
  const firstGlob = segments.findIndex(isGlob)
  if (firstGlob >= 0) return resolve(root, segments.slice(0, firstGlob).join('/') || '.')
  const path = resolve(root, output)
  if (output.endsWith('/')) return path
  const info = await stat(path).catch(() => undefined)
  return info?.isDirectory() ? path : dirname(path)
}

const inside = (root: string, path: string) => {
  const rel = relative(root, path)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel))
}

/**
 * Creates each output directory (a bind mount needs it to exist) and returns their real paths.
 * An output that leaves the project is refused: making it writable would open a hole in the
 * read-only host; so is a glob at the project root, which only the whole root could serve.
 */
export async function writablePaths(api: TckApi, root: string, outputs: string[]): Promise<Writable> {
  const dirs = new Set<string>()
  const writable: Writable = {dirs: [], files: [], created: []}
  for (const output of outputs) {
    const refuse = (why = `is outside the project ${root}`) =>
      new api.TckError('CONFIG_INVALID', `declared output "${output}" ${why}`, {
        hint: 'Outputs are paths relative to the project root, in a directory of their own or a file at the root; the bwrap sandbox only makes those writable.',
      })
    const dir = await outputDir(root, output)
    if (!inside(root, dir)) throw refuse()
    if (relative(root, dir) === '') {
      if (isGlob(output)) throw refuse('is a glob at the project root: only the whole project could hold it, and that stays read-only')
      const file = resolve(root, output)
      const info = await lstat(file).catch(() => undefined)
      if (info?.isSymbolicLink()) throw refuse('is a symlink: the sandbox binds only a real file at the project root')
      if (!info) {
        await writeFile(file, '', {flag: 'wx'})
        writable.created.push({path: file, mtimeMs: (await stat(file)).mtimeMs})
      }
      writable.files.push(file)
      continue
    }
    await mkdir(dir, {recursive: true})
    const real = await realpath(dir)
    // A symlinked output directory must not point the writable mount somewhere else on the host.
    if (!inside(root, real)) throw refuse()
    dirs.add(real)
  }
  writable.dirs = [...dirs].sort((a, b) => a.length - b.length || a.localeCompare(b))
  return writable
}

/** The directories only, for callers that need no more. */
export async function writableDirs(api: TckApi, root: string, outputs: string[]): Promise<string[]> {
  return (await writablePaths(api, root, outputs)).dirs
}
