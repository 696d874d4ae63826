/**
 * The machine's installed toolchains: `<toolchains>/<key>/files/` holds the toolchain and
 * `<key>/toolchain.json` its record (source, layout, size, last use, projects). A directory
 * appears by one rename once complete, so a record exists only for a whole toolchain.
 */
import {randomBytes} from 'node:crypto'
import {lstat, readdir, readFile, rename, rm} from 'node:fs/promises'
import {join} from 'node:path'
import type {ToolchainCandidate, ToolchainLayout} from '../contracts/toolchain.js'
import {TckError} from '../errors.js'
import {atomicWriteFile} from '../io/atomic.js'
import {sha256} from '../io/digest.js'
import {withLock} from '../io/lock.js'
import {toolchainsDir} from './dirs.js'
import {compareVersions, matchesRange, parseToolchainSpec, pickVersion} from './version.js'

export interface InstalledToolchain {
  key: string
  name: string
  version: string
  platform: string
  source: string
  layout: ToolchainLayout
  details: Record<string, unknown>
  /** Absolute path of the toolchain's files. */
  root: string
  installedAt: string
  lastUsedAt: string
  size: number
  /** Project directories that asked for it (install, which). */
  projects: string[]
}

export const RECORD = 'toolchain.json'

/** Content-addressed: the same candidate (same archive digests) always gets the same key. */
export function toolchainKey(candidate: ToolchainCandidate): string {
  const digest = sha256(JSON.stringify([candidate.source, candidate.name, candidate.version, candidate.platform, candidate.details])).slice(0, 12)
  return `${candidate.name}-${candidate.version}-${candidate.platform}-${digest}`.replace(/[^A-Za-z0-9._-]/g, '_')
}

export function lockPath(key: string, dir = toolchainsDir()): string {
  return join(dir, '.locks', `${key}.lock`)
}

export async function readRecord(key: string, dir = toolchainsDir()): Promise<InstalledToolchain | undefined> {
  try {
    const record = JSON.parse(await readFile(join(dir, key, RECORD), 'utf8')) as InstalledToolchain
    return {...record, root: join(dir, key, 'files')}
  } catch {
    return undefined
  }
}

export async function listInstalled(dir = toolchainsDir()): Promise<InstalledToolchain[]> {
  const entries = await readdir(dir).catch(() => [] as string[])
  const records = await Promise.all(entries.filter((entry) => !entry.startsWith('.')).map((entry) => readRecord(entry, dir)))
  return records
    .filter((record): record is InstalledToolchain => record !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name) || compareVersions(a.version, b.version))
}

/** The newest installed toolchain that matches `name@range` (and the source, when given). */
export async function findInstalled(name: string, range: string, source?: string, dir = toolchainsDir()): Promise<InstalledToolchain | undefined> {
  const matching = (await listInstalled(dir)).filter(
    (record) => record.name === name && (!source || record.source === source) && matchesRange(record.version, range),
  )
  const version = pickVersion(matching.map((record) => record.version), range)
  return matching.filter((record) => record.version === version).at(-1)
}

export async function writeRecord(record: InstalledToolchain, dir = toolchainsDir()): Promise<void> {
  await writeRecordFile(join(dir, record.key, RECORD), record)
}

/** The record without its absolute root: the directory may be read from another mount point. */
export async function writeRecordFile(file: string, record: InstalledToolchain): Promise<void> {
  const {root: _root, ...stored} = record
  await atomicWriteFile(file, `${JSON.stringify(stored, null, 2)}\n`)
}

/** Records a use: last-use time, and the project when there is one. */
export async function recordUse(record: InstalledToolchain, project?: string, dir = toolchainsDir()): Promise<InstalledToolchain> {
  return withLock(lockPath(record.key, dir), async () => {
    const current = (await readRecord(record.key, dir)) ?? record
    const projects = project && !current.projects.includes(project) ? [...current.projects, project].sort() : current.projects
    const updated = {...current, projects, lastUsedAt: new Date().toISOString()}
    await writeRecord(updated, dir)
    return updated
  }, {timeoutMs: 60_000})
}

/** Removes a toolchain: renamed out of the way first, so no reader ever sees half of one. */
export async function removeInstalled(record: InstalledToolchain, dir = toolchainsDir()): Promise<void> {
  await withLock(lockPath(record.key, dir), async () => {
    const path = join(dir, record.key)
    if (!(await lstat(path).catch(() => undefined))) {
      throw new TckError('TOOLCHAIN_NOT_FOUND', `toolchain ${record.key} is not installed`)
    }
    const trash = join(dir, `.trash-${record.key}-${randomBytes(4).toString('hex')}`)
    await rename(path, trash)
    await rm(trash, {recursive: true, force: true})
  }, {timeoutMs: 60_000})
}

/** Bytes used by a directory tree (files and links; hard links counted once). */
export async function treeSize(path: string): Promise<number> {
  const seen = new Set<number>()
  let total = 0
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, {withFileTypes: true})) {
      const full = join(dir, entry.name)
      const info = await lstat(full)
      if (entry.isDirectory()) await walk(full)
      else if (!seen.has(info.ino)) {
        seen.add(info.ino)
        total += info.size
      }
    }
  }
  await walk(path)
  return total
}

/** Installed toolchains matching `name@range`, `source:name@range` or an exact key; none is an error. */
export async function installedMatching(spec: string, dir = toolchainsDir()): Promise<InstalledToolchain[]> {
  const all = await listInstalled(dir)
  const byKey = all.filter((record) => record.key === spec)
  if (byKey.length > 0) return byKey
  const {source, name, range} = parseToolchainSpec(spec)
  const found = all.filter((record) => record.name === name && (!source || record.source === source) && matchesRange(record.version, range))
  if (found.length === 0) {
    throw new TckError('TOOLCHAIN_NOT_FOUND', `no installed toolchain matches "${spec}"`, {
      hint: `Installed: ${all.map((record) => `${record.name}@${record.version}`).join(', ') || 'none'}. Install it with \`tck toolchain install ${spec}\`.`,
    })
  }
  return found
}
