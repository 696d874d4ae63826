/**
 * Headers a script includes from outside the system (`#include "util.h"` next to it): their
 * contents are part of the binary's key, the way ccache's direct mode does it. The compiler writes
 * the list (-MD -MF); a manifest keyed by everything else remembers it for the next run, which
 * hashes those files before it looks for the binary. System headers (under /usr/) change only
 * with the compiler's packages and are left out, as the compiler's identity covers them.
 */
import {readFile} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import {atomicWriteFile} from '../io/atomic.js'
import {sha256File} from '../io/digest.js'

const SYSTEM = '/usr/'

/** The prerequisites of a make rule as compilers write it: `target: a.c b.h \` with `\ ` for spaces. */
export function parseDepfile(text: string, cwd: string): string[] {
  const body = text.replace(/\\\n/g, ' ')
  const colon = body.search(/:(\s|$)/)
  const words = body.slice(colon + 1).match(/(?:\\.|[^\s\\])+/g) ?? []
  return words.map((word) => word.replace(/\\(.)/g, '$1')).filter((word) => word !== '-').map((word) => resolve(cwd, word))
}

export function localHeaders(dependencies: string[], stagedSource: string): string[] {
  return [...new Set(dependencies.filter((path) => path !== stagedSource && !path.startsWith(SYSTEM)))].sort()
}

/** Each header's SHA-256 (or `missing`): the `headers` part of the compile task's key. */
export async function headerDigests(paths: string[]): Promise<Array<[string, string]>> {
  return Promise.all(paths.map(async (path): Promise<[string, string]> => [path, await sha256File(path).catch(() => 'missing')]))
}

const manifestPath = (cacheDir: string, manifestKey: string) => join(cacheDir, 'manifests', `${manifestKey}.json`)

/** The headers the last compile of this source, flags and compiler included; undefined before the first. */
export async function readManifest(cacheDir: string, manifestKey: string): Promise<string[] | undefined> {
  try {
    const headers = JSON.parse(await readFile(manifestPath(cacheDir, manifestKey), 'utf8'))
    return Array.isArray(headers) && headers.every((header) => typeof header === 'string') ? headers : undefined
  } catch {
    return undefined
  }
}

export async function writeManifest(cacheDir: string, manifestKey: string, headers: string[]): Promise<void> {
  await atomicWriteFile(manifestPath(cacheDir, manifestKey), JSON.stringify(headers))
}
