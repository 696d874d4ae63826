/** Which host directories a task may write: the directories of its declared outputs, inside the project. */
import {mkdir, realpath, stat} from 'node:fs/promises'
import {dirname, isAbsolute, relative, resolve} from 'node:path'
import type {TckApi} from 'tck'

const isGlob = (segment: string) => /[*?[\]{}]/.test(segment)

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
 * Creates each output directory (a bind mount needs it to exist) and returns their real paths,
 * parents before children. An output that leaves the project is refused: making it writable
 * would open a hole in the read-only host.
 */
export async function writableDirs(api: TckApi, root: string, outputs: string[]): Promise<string[]> {
  const dirs = new Set<string>()
  for (const output of outputs) {
    const dir = await outputDir(root, output)
    const refuse = () =>
      new api.TckError('CONFIG_INVALID', `declared output "${output}" is outside the project ${root}`, {
        hint: 'Outputs are paths relative to the project root; the bwrap sandbox only makes those writable.',
      })
    if (!inside(root, dir)) throw refuse()
    await mkdir(dir, {recursive: true})
    const real = await realpath(dir)
    // A symlinked output directory must not point the writable mount somewhere else on the host.
    if (!inside(root, real)) throw refuse()
    dirs.add(real)
  }
  return [...dirs].sort((a, b) => a.length - b.length || a.localeCompare(b))
}
