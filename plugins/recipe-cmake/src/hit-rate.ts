/**
 * How much of a build the compiler cache served. ccache: its stats log (CCACHE_STATSLOG), which it
 * appends one record per call to (`# <source>` then the counters that call touched). sccache: its
 * server's counters, before and after the build.
 */
import {execFile} from 'node:child_process'
import {readFile, rm} from 'node:fs/promises'

export interface HitRate {
  launcher: 'ccache' | 'sccache'
  hits: number
  /** Calls that could be cached (hits and misses). */
  cacheable: number
  remoteHits?: number
}

export async function ccacheHitRate(statsLog: string): Promise<HitRate | undefined> {
  const text = await readFile(statsLog, 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  let hits = 0
  let misses = 0
  let remoteHits = 0
  for (const line of text.split('\n')) {
    if (line === 'direct_cache_hit' || line === 'preprocessed_cache_hit') hits++
    else if (line === 'cache_miss') misses++
    else if (line === 'remote_storage_hit') remoteHits++
  }
  return {launcher: 'ccache', hits, cacheable: hits + misses, remoteHits}
}

export const resetStatsLog = (statsLog: string) => rm(statsLog, {force: true})

interface SccacheCounts {
  hits: number
  misses: number
}

export function sccacheCounts(path: string): Promise<SccacheCounts | undefined> {
  return new Promise((resolve) => {
    execFile(path, ['--show-stats', '--stats-format', 'json'], {encoding: 'utf8', timeout: 30_000}, (error, stdout) => {
      if (error) return resolve(undefined)
      try {
        const {stats} = JSON.parse(stdout) as {stats: {cache_hits: {counts: Record<string, number>}; cache_misses: {counts: Record<string, number>}}}
        const sum = (counts: Record<string, number>) => Object.values(counts ?? {}).reduce((total, count) => total + count, 0)
        resolve({hits: sum(stats.cache_hits?.counts), misses: sum(stats.cache_misses?.counts)})
      } catch {
        resolve(undefined)
      }
    })
  })
}

export function sccacheHitRate(before: SccacheCounts | undefined, after: SccacheCounts | undefined): HitRate | undefined {
  if (!after) return undefined
  const hits = after.hits - (before?.hits ?? 0)
  const misses = after.misses - (before?.misses ?? 0)
  return {launcher: 'sccache', hits, cacheable: hits + misses}
}

export function formatHitRate(rate: HitRate): string {
  const percent = rate.cacheable > 0 ? Math.round((100 * rate.hits) / rate.cacheable) : 0
  const remote = rate.remoteHits ? `, ${rate.remoteHits} from the remote` : ''
  return `${rate.launcher}: ${rate.hits} of ${rate.cacheable} compilations from the cache (${percent}%${remote})`
}
