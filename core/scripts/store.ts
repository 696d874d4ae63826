/**
 * The script cache: content-addressed binary directories, `bin/<key>/<name>`. A compile happens in
 * a private staging directory which is renamed into place whole, so a reader (Node or the launcher)
 * sees either no entry or a complete one, and two processes compiling one script at once agree.
 */
import {constants} from 'node:fs'
import {access, mkdir, mkdtemp, open, readdir, rename, rm} from 'node:fs/promises'
import {join} from 'node:path'

export const binaryDir = (cacheDir: string, key: string) => join(cacheDir, 'bin', key)

export async function hasBinary(path: string): Promise<boolean> {
  return access(path, constants.X_OK).then(
    () => true,
    () => false,
  )
}

export async function stagingDir(cacheDir: string): Promise<string> {
  await mkdir(join(cacheDir, 'tmp'), {recursive: true})
  return mkdtemp(join(cacheDir, 'tmp', 'compile-'))
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}

/** Moves a finished compile into the cache; when another process got there first, theirs is as good. */
export async function install(staging: string, program: string, cacheDir: string, key: string): Promise<string> {
  await syncFile(join(staging, program))
  const target = binaryDir(cacheDir, key)
  await mkdir(join(cacheDir, 'bin'), {recursive: true})
  try {
    await rename(staging, target)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw error
    await rm(staging, {recursive: true, force: true})
  }
  return join(target, program)
}

/** `tck run --clean`: every cached binary, launch entry, header manifest and leftover staging dir. */
export async function cleanCache(dirs: string[]): Promise<number> {
  let removed = 0
  for (const dir of new Set(dirs)) {
    removed += (await readdir(join(dir, 'bin')).catch(() => [])).length
    for (const part of ['bin', 'launch', 'manifests', 'tmp']) await rm(join(dir, part), {recursive: true, force: true})
  }
  return removed
}
