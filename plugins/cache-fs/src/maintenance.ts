/** Stats, least-recently-used eviction and stale temp cleanup over a cache-fs directory. */
import {readFile, readdir, rm, stat} from 'node:fs/promises'
import {join} from 'node:path'
import type {Layout} from './layout.js'

/** A temp file this old belongs to a writer that died (SIGKILL, power loss): nobody will rename it. */
const STALE_TEMP_MS = 60 * 60 * 1000

export async function sumEntries(layout: Layout): Promise<{entries: number; bytes: number}> {
  let entries = 0
  let bytes = 0
  for await (const entry of layout.entries()) {
    entries += 1
    bytes += entry.size
  }
  return {entries, bytes}
}

export async function readCounters(layout: Layout): Promise<{hits: number; misses: number; corrupt: number}> {
  const totals = {hits: 0, misses: 0, corrupt: 0}
  const text = await readFile(layout.countersFile, 'utf8').catch(() => '')
  for (const line of text.split('\n')) {
    const [hits, misses, corrupt] = line.split(' ').map(Number)
    // A line cut short by a crash is skipped rather than trusted.
    if (![hits, misses, corrupt].every(Number.isFinite)) continue
    totals.hits += hits
    totals.misses += misses
    totals.corrupt += corrupt
  }
  return totals
}

/**
 * A temp file belongs to a writer that died (SIGKILL, power loss) when the pid in its name
 * (`<pid>.<random>`) is gone on this machine, or when it is over an hour old (a writer on another
 * machine sharing the directory): nobody will rename it.
 */
async function temps(layout: Layout, isAlive: (pid: number) => boolean): Promise<Array<{path: string; size: number; stale: boolean}>> {
  const now = Date.now()
  const found = []
  for (const name of await readdir(layout.tmp).catch(() => [] as string[])) {
    const path = join(layout.tmp, name)
    const info = await stat(path).catch(() => undefined)
    if (!info) continue
    const pid = Number(name.split('.')[0])
    const dead = Number.isInteger(pid) && pid > 0 && pid !== process.pid && !isAlive(pid)
    found.push({path, size: info.size, stale: dead || now - info.mtimeMs > STALE_TEMP_MS})
  }
  return found
}

export async function sumTemps(layout: Layout, isAlive: (pid: number) => boolean): Promise<{entries: number; bytes: number; stale: number}> {
  const found = await temps(layout, isAlive)
  return {entries: found.length, bytes: found.reduce((sum, temp) => sum + temp.size, 0), stale: found.filter((temp) => temp.stale).length}
}

async function removeStaleTemps(layout: Layout, isAlive: (pid: number) => boolean): Promise<number> {
  let removed = 0
  for (const temp of await temps(layout, isAlive)) {
    if (!temp.stale) continue
    await rm(temp.path, {recursive: true, force: true})
    removed += 1
  }
  return removed
}

/** Removes the least recently used entries until the level holds at most `maxBytes`. */
export async function collectGarbage(layout: Layout, maxBytes: number, isAlive: (pid: number) => boolean): Promise<{removed: number; freedBytes: number; removedTemp: number}> {
  const removedTemp = await removeStaleTemps(layout, isAlive)
  const entries: Array<{path: string; size: number; usedMs: number}> = []
  let total = 0
  for await (const entry of layout.entries()) {
    entries.push(entry)
    total += entry.size
  }
  entries.sort((a, b) => a.usedMs - b.usedMs)
  let removed = 0
  let freedBytes = 0
  for (const entry of entries) {
    if (total <= maxBytes) break
    await rm(entry.path, {force: true})
    total -= entry.size
    freedBytes += entry.size
    removed += 1
  }
  return {removed, freedBytes, removedTemp}
}
