/**
 * A package archive unpacked once per digest (`trees/<sha256>/`), written under a temporary name
 * and renamed, so a tree is either whole or absent. Sysroots and the target root are filled from
 * trees; a tree is never changed after it is made.
 */
import {execFile} from 'node:child_process'
import {lstat, mkdir, readdir, readlink, rename, rm} from 'node:fs/promises'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {tckApi} from '../runtime.js'

const run = promisify(execFile)

export interface TreeEntry {
  path: string
  type: 'dir' | 'file' | 'symlink'
  mode: number
  target?: string
}

export async function treeOf(stateDir: string, archive: string): Promise<{dir: string; digest: string}> {
  const digest = await tckApi().sha256File(archive)
  const dir = join(stateDir, 'trees', digest)
  if (await lstat(dir).catch(() => undefined)) return {dir, digest}
  const temporary = `${dir}.partial-${process.pid}`
  await rm(temporary, {recursive: true, force: true})
  await mkdir(temporary, {recursive: true})
  await run('tar', ['-xf', archive, '-C', temporary, '--no-same-owner', '--no-overwrite-dir'])
  await rename(temporary, dir).catch(async (error) => {
    // Another process unpacked the same archive first: its tree is the same.
    await rm(temporary, {recursive: true, force: true})
    if (!(await lstat(dir).catch(() => undefined))) throw error
  })
  return {dir, digest}
}

/** Every entry of a tree, parents before children, in name order. */
export async function entriesOf(dir: string, prefix = ''): Promise<TreeEntry[]> {
  const found: TreeEntry[] = []
  for (const name of (await readdir(join(dir, prefix))).sort()) {
    const path = prefix ? `${prefix}/${name}` : name
    const info = await lstat(join(dir, path))
    if (info.isSymbolicLink()) found.push({path, type: 'symlink', mode: 0o777, target: await readlink(join(dir, path))})
    else if (info.isDirectory()) found.push({path, type: 'dir', mode: info.mode & 0o7777}, ...(await entriesOf(dir, path)))
    else found.push({path, type: 'file', mode: info.mode & 0o7777})
  }
  return found
}
