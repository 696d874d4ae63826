/**
 * A run's private directories under `<cache>/tmp/`: the run root, and staging for an install.
 * Each is named by its owner's pid, so the leftovers of a tck that was killed (`kill -9` lets no
 * handler run) can be told from a live run's and removed by the next run.
 */
import {mkdir, mkdtemp, readdir, rm} from 'node:fs/promises'
import {join} from 'node:path'
import {api} from './api.js'

const OWNED = /^(?:run|install)-(\d+)-/

export async function scratchDir(cacheDir: string, purpose: 'run' | 'install'): Promise<string> {
  await mkdir(join(cacheDir, 'tmp'), {recursive: true})
  return mkdtemp(join(cacheDir, 'tmp', `${purpose}-${process.pid}-`))
}

export async function removeDeadOwners(cacheDir: string): Promise<void> {
  const names = await readdir(join(cacheDir, 'tmp')).catch(() => [])
  const dead = names.filter((name) => {
    const owner = OWNED.exec(name)?.[1]
    return owner !== undefined && !api().isAlive(Number(owner))
  })
  await Promise.all(dead.map((name) => rm(join(cacheDir, 'tmp', name), {recursive: true, force: true})))
}
