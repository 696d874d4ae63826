/**
 * The book's own measures: SBU, the build time of the book's first package on this machine
 * (LFS: binutils pass 1), every package's time in that unit, and the critical path — the chain
 * of build dependencies with the largest total time, what to shorten to make the build faster.
 */
import type {BookSession} from '../building/session.js'
import {buildDependencies} from '../resolve/plan.js'

export interface PackageMetrics {
  key: string
  version: string
  status: 'built' | 'cached' | 'failed' | 'skipped' | 'aborted'
  /** Seconds of its last real build (for a cached package, the build it came from). */
  seconds?: number
  sbu?: number
  /** The book's own estimate, in SBU. */
  bookSbu?: number
}

export interface Metrics {
  sbuPackage?: string
  sbuSeconds?: number
  packages: PackageMetrics[]
  criticalPath: string[]
  criticalSeconds: number
}

export function metricsOf(session: BookSession, statuses: Map<string, PackageMetrics['status']>): Metrics {
  const {book, plan, index} = session
  const first = book.sbu ?? (book.packages[0] ? index.key(book.packages[0]) : undefined)
  const unitMs = first ? session.lastBuildMs(first) : undefined
  const seconds = (key: string) => {
    const ms = session.lastBuildMs(key)
    return ms === undefined ? undefined : ms / 1000
  }
  const packages = plan.items.map((item): PackageMetrics => {
    const time = seconds(item.key)
    return {
      key: item.key,
      version: item.pkg.version,
      status: statuses.get(item.key) ?? 'skipped',
      seconds: time,
      sbu: time !== undefined && unitMs ? time / (unitMs / 1000) : undefined,
      bookSbu: item.pkg.sbu,
    }
  })
  // Longest path over build dependencies, in plan order (dependencies come first).
  const longest = new Map<string, {total: number; chain: string[]}>()
  for (const item of plan.items) {
    const own = seconds(item.key) ?? 0
    const best = buildDependencies(item).map((dep) => longest.get(dep)!).reduce((a, b) => (b && (!a || b.total > a.total) ? b : a), undefined as {total: number; chain: string[]} | undefined)
    longest.set(item.key, {total: own + (best?.total ?? 0), chain: [...(best?.chain ?? []), item.key]})
  }
  const critical = [...longest.values()].reduce((a, b) => (b.total > a.total ? b : a), {total: 0, chain: [] as string[]})
  return {sbuPackage: first, sbuSeconds: unitMs === undefined ? undefined : unitMs / 1000, packages, criticalPath: critical.chain, criticalSeconds: critical.total}
}
