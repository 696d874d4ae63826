/**
 * Cleanup policy: which installed toolchains to remove for `--older-than` (last use),
 * `--unused` (no project that used it still exists) and `--max-size` (least recently used go
 * first until the rest fits), plus what failed installs and removals left behind, and cached
 * downloads no remaining toolchain was made from (they can be fetched again).
 */
import {existsSync} from 'node:fs'
import {readdir, rm, stat} from 'node:fs/promises'
import {join} from 'node:path'
import {TckError} from '../errors.js'
import {downloadsDir, toolchainsDir} from './dirs.js'
import {listInstalled, removeInstalled, type InstalledToolchain} from './registry.js'

export interface CleanupPolicy {
  olderThanMs?: number
  unused?: boolean
  maxBytes?: number
  dryRun?: boolean
}

export interface CleanupPlan {
  remove: Array<{toolchain: InstalledToolchain; reasons: string[]}>
  keep: InstalledToolchain[]
  leftovers: string[]
  /** Cached downloads no kept toolchain was made from (with --unused) or older than --older-than. */
  downloads: Array<{path: string; size: number}>
  freedBytes: number
  dryRun: boolean
}

const units: Record<string, number> = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000}

export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw])$/.exec(text.trim())
  if (!match) throw new TckError('USAGE', `"${text}" is not a duration`, {hint: 'Use a number and a unit: 30d, 12h, 90m, 2w.'})
  return Number(match[1]) * units[match[2]]
}

export function parseSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?$/i.exec(text.trim())
  if (!match) throw new TckError('USAGE', `"${text}" is not a size`, {hint: 'Use a number and a unit: 500M, 10G, 1.5GiB.'})
  return Math.round(Number(match[1]) * 1024 ** ' kmgt'.indexOf(match[2].toLowerCase() || ' '))
}

export function planCleanup(installed: InstalledToolchain[], policy: CleanupPolicy, now = Date.now()): Omit<CleanupPlan, 'leftovers' | 'downloads' | 'dryRun'> {
  if (policy.olderThanMs === undefined && !policy.unused && policy.maxBytes === undefined) {
    throw new TckError('USAGE', 'cleanup needs a criterion: --older-than, --unused or --max-size', {hint: 'e.g. tck toolchain cleanup --older-than 30d --dry-run'})
  }
  const reasons = new Map<string, string[]>()
  const flag = (toolchain: InstalledToolchain, reason: string) => reasons.set(toolchain.key, [...(reasons.get(toolchain.key) ?? []), reason])
  for (const toolchain of installed) {
    const idle = now - Date.parse(toolchain.lastUsedAt)
    if (policy.olderThanMs !== undefined && idle > policy.olderThanMs) flag(toolchain, `last used ${Math.floor(idle / 86_400_000)} days ago`)
    if (policy.unused && !toolchain.projects.some((project) => existsSync(project))) {
      flag(toolchain, toolchain.projects.length ? 'every project that used it is gone' : 'no project uses it')
    }
  }
  if (policy.maxBytes !== undefined) {
    const remaining = installed.filter((toolchain) => !reasons.has(toolchain.key)).sort((a, b) => Date.parse(a.lastUsedAt) - Date.parse(b.lastUsedAt))
    let total = remaining.reduce((sum, toolchain) => sum + toolchain.size, 0)
    for (const toolchain of remaining) {
      if (total <= policy.maxBytes) break
      flag(toolchain, 'least recently used while over --max-size')
      total -= toolchain.size
    }
  }
  const remove = installed.filter((toolchain) => reasons.has(toolchain.key)).map((toolchain) => ({toolchain, reasons: reasons.get(toolchain.key)!}))
  return {
    remove,
    keep: installed.filter((toolchain) => !reasons.has(toolchain.key)),
    freedBytes: remove.reduce((sum, {toolchain}) => sum + toolchain.size, 0),
  }
}

/**
 * What a crash left behind: temporary and trash directories, and toolchain directories whose
 * record is unreadable — older than an hour, so no live install owns them.
 */
async function findLeftovers(dir: string, installed: InstalledToolchain[], now: number): Promise<string[]> {
  const known = new Set(installed.map((toolchain) => toolchain.key))
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name !== '.locks' && !known.has(name))
  const old = await Promise.all(names.map(async (name) => ((await stat(join(dir, name))).mtimeMs < now - 3_600_000 ? join(dir, name) : undefined)))
  return old.filter((path): path is string => path !== undefined)
}

/** The cache file names (`sha256-<hex>`, `sha512-<hex>`) a toolchain was made from. */
function downloadNames(toolchain: InstalledToolchain): string[] {
  const details = toolchain.details as {sha256?: string; integrity?: string; packages?: Array<{sha256?: string}>}
  const names = [details.sha256, ...(details.packages ?? []).map((deb) => deb.sha256)].filter(Boolean).map((hex) => `sha256-${hex}`)
  const integrity = /^(sha\d+)-(.+)$/.exec(details.integrity ?? '')
  if (integrity) names.push(`${integrity[1]}-${Buffer.from(integrity[2], 'base64').toString('hex')}`)
  return names
}

async function findDownloads(dir: string, keep: InstalledToolchain[], policy: CleanupPolicy, now: number) {
  if (!policy.unused && policy.olderThanMs === undefined) return []
  const kept = new Set(keep.flatMap(downloadNames))
  const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => /^sha(256|512)-[0-9a-f]+$/.test(name))
  const found: Array<{path: string; size: number}> = []
  for (const name of names) {
    const info = await stat(join(dir, name)).catch(() => undefined)
    if (!info) continue
    const stale = policy.olderThanMs !== undefined && now - info.mtimeMs > policy.olderThanMs
    if ((policy.unused && !kept.has(name)) || (stale && !kept.has(name))) found.push({path: join(dir, name), size: info.size})
  }
  return found
}

export async function cleanup(policy: CleanupPolicy, dir = toolchainsDir(), now = Date.now(), downloads = downloadsDir()): Promise<CleanupPlan> {
  const installed = await listInstalled(dir)
  const planned = planCleanup(installed, policy, now)
  const stale = await findDownloads(downloads, planned.keep, policy, now)
  const plan = {
    ...planned,
    leftovers: await findLeftovers(dir, installed, now),
    downloads: stale,
    freedBytes: planned.freedBytes + stale.reduce((sum, file) => sum + file.size, 0),
    dryRun: Boolean(policy.dryRun),
  }
  if (policy.dryRun) return plan
  for (const {toolchain} of plan.remove) await removeInstalled(toolchain, dir)
  for (const path of plan.leftovers) await rm(path, {recursive: true, force: true})
  for (const {path} of plan.downloads) await rm(path, {force: true})
  return plan
}
