/**
 * The script cache's binaries: content-addressed directories, `bin/<key>/<name>`, that the
 * launcher (bin/tck) runs without Node. A program is put in a private directory that is renamed
 * into place whole, so a reader sees either no entry or a complete one, and two processes
 * installing one key at once agree.
 */
import {constants} from 'node:fs'
import {access, copyFile, link, mkdir, readdir, rename, rm} from 'node:fs/promises'
import {join} from 'node:path'
import {scratchDir} from './scratch.js'

export const binaryDir = (cacheDir: string, key: string) => join(cacheDir, 'bin', key)

export async function hasBinary(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  )
}

/**
 * Installs `program` as `bin/<key>/<name>`; when another process got there first, theirs is as
 * good — unless `replace` (`-n`, a fresh compile): then the fresh file is renamed over the old
 * one, which may be why the user asked for a fresh compile.
 */
export async function install(program: string, name: string, cacheDir: string, key: string, replace = false): Promise<string> {
  const target = binaryDir(cacheDir, key)
  const binary = join(target, name)
  if (!replace && (await hasBinary(binary))) return binary
  const staging = await scratchDir(cacheDir, 'install')
  try {
    // A hardlink of the restored or built file: the store never writes a blob in place, so it never changes under a reader.
    await link(program, join(staging, name)).catch(() => copyFile(program, join(staging, name)))
    await mkdir(join(cacheDir, 'bin'), {recursive: true})
    await rename(staging, target).catch(async (error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error
      if (replace) await rename(join(staging, name), binary)
    })
  } finally {
    await rm(staging, {recursive: true, force: true})
  }
  return binary
}

/** `tck run --clean`: every cached binary, launch entry, the scripts' store and state, and leftovers. */
export async function cleanCache(dirs: string[]): Promise<number> {
  let removed = 0
  for (const dir of new Set(dirs)) {
    removed += (await readdir(join(dir, 'bin')).catch(() => [])).length
    for (const part of ['bin', 'launch', 'store', 'state', 'tmp']) await rm(join(dir, part), {recursive: true, force: true})
  }
  return removed
}
