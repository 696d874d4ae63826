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

async function removeStaleTemps(layout: Layout): Promise<void> {
  const now = Date.now()
  for (const name of await readdir(layout.tmp).catch(() => [] as string[])) {
    const path = join(layout.tmp, name)
    const info = await stat(path).catch(() => undefined)
    if (info && now - info.mtimeMs > STALE_TEMP_MS) await rm(path, {force: true})
  }
}

/** Removes the least recently used entries until the level holds at most `maxBytes`. */
export async function collectGarbage(layout: Layout, maxBytes: number): Promise<{removed: number; freedBytes: number}> {
  await removeStaleTemps(layout)
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
  return {removed, freedBytes}
}
