/**
 * Installing a toolchain: ask the sources for candidates, pick the newest, and fetch it once per
 * machine. A lock per toolchain makes concurrent installs wait for the first one (which downloads);
 * the fetch fills a private temporary directory that is checked and renamed into place, so a
 * failure leaves nothing behind.
 */
import {randomBytes} from 'node:crypto'
import {mkdir, rename, rm} from 'node:fs/promises'
import {join} from 'node:path'
import type {ToolchainCandidate} from '../contracts/toolchain.js'
import {PluginError, TckError} from '../errors.js'
import {withLock} from '../io/lock.js'
import {hostPlatform} from '../io/platform.js'
import {log} from '../log.js'
import type {Registries} from '../registries.js'
import {toolchainsDir} from './dirs.js'
import {lockPath, readRecord, recordUse, RECORD, toolchainKey, treeSize, writeRecordFile, type InstalledToolchain} from './registry.js'
import {compareVersions, parseToolchainSpec} from './version.js'
import {verifyToolchain} from './verify.js'

export interface InstallOptions {
  platform?: string
  /** The project asking, recorded so cleanup knows who uses what. */
  project?: string
  signal?: AbortSignal
  lockTimeoutMs?: number
}

/**
 * A source plugin's call wraps every error in a PluginError; one the host's own helpers raised
 * inside it (checksum mismatch, offline, unsafe archive) keeps its stable code and exit status.
 */
export function unwrapHostError(error: unknown): unknown {
  return error instanceof PluginError && error.cause instanceof TckError && !(error.cause instanceof PluginError) ? error.cause : error
}

function sourcesFor(registries: Registries, source?: string) {
  if (source) return [registries.toolchainSource.get(source)]
  return registries.toolchainSource.list().map(({provider}) => provider)
}

/** Every candidate for a spec, newest first; ties keep the sources' registration order. */
export async function resolveCandidates(registries: Registries, spec: string, platform = hostPlatform().id): Promise<ToolchainCandidate[]> {
  const {source, name, range} = parseToolchainSpec(spec)
  const found: ToolchainCandidate[] = []
  for (const provider of sourcesFor(registries, source)) {
    found.push(...(await provider.resolve(name, range, platform, {explicit: Boolean(source)}).catch((error) => Promise.reject(unwrapHostError(error)))))
  }
  return found.map((candidate, index) => ({candidate, index}))
    .sort((a, b) => compareVersions(b.candidate.version, a.candidate.version) || a.index - b.index)
    .map(({candidate}) => candidate)
}

export async function bestCandidate(registries: Registries, spec: string, platform = hostPlatform().id): Promise<ToolchainCandidate> {
  const [best] = await resolveCandidates(registries, spec, platform)
  if (best) return best
  const sources = registries.toolchainSource.list().map(({name}) => name).join(', ') || 'none'
  throw new TckError('TOOLCHAIN_NOT_FOUND', `no toolchain matches "${spec}" for ${platform} (sources asked: ${sources})`, {
    hint: 'See what exists with `tck toolchain search <name>`; add metadata files to ~/.config/tck/toolchains/ for your own.',
  })
}

export async function installCandidate(
  registries: Registries,
  candidate: ToolchainCandidate,
  options: InstallOptions = {},
): Promise<{toolchain: InstalledToolchain; installed: boolean}> {
  const dir = toolchainsDir()
  const key = toolchainKey(candidate)
  const existing = await readRecord(key, dir)
  if (existing) return {toolchain: await recordUse(existing, options.project, dir), installed: false}
  await mkdir(dir, {recursive: true})
  const toolchain = await withLock(lockPath(key, dir), async () => {
    // The process that held the lock before us may have installed it.
    const installedMeanwhile = await readRecord(key, dir)
    if (installedMeanwhile) return {record: installedMeanwhile, fresh: false}
    const temp = join(dir, `.tmp-${key}-${randomBytes(4).toString('hex')}`)
    const files = join(temp, 'files')
    await mkdir(files, {recursive: true})
    log.info(`installing ${candidate.name} ${candidate.version} from ${candidate.source} (${candidate.platform})`)
    try {
      await registries.toolchainSource.get(candidate.source).fetch(candidate, files, options.signal).catch((error) => Promise.reject(unwrapHostError(error)))
      if (options.signal?.aborted) throw options.signal.reason
      const check = await verifyToolchain({...candidate, root: files}, 'minimal')
      if (!check.ok) {
        const problem = check.checks.find((item) => !item.ok)!
        throw new TckError('TOOLCHAIN_INVALID', `${candidate.name} ${candidate.version} from ${candidate.source} does not match its layout: ${problem.name} failed (${problem.detail})`, {
          hint: 'The metadata\'s layout (bin, compilers) does not fit what the archive contains.',
        })
      }
      const now = new Date().toISOString()
      const record: InstalledToolchain = {
        key,
        name: candidate.name,
        version: candidate.version,
        platform: candidate.platform,
        source: candidate.source,
        layout: candidate.layout,
        details: candidate.details,
        root: join(dir, key, 'files'),
        installedAt: now,
        lastUsedAt: now,
        size: await treeSize(files),
        projects: options.project ? [options.project] : [],
      }
      await writeRecordFile(join(temp, RECORD), record)
      await rename(temp, join(dir, key))
      return {record, fresh: true}
    } catch (error) {
      await rm(temp, {recursive: true, force: true})
      if (!options.signal?.aborted) throw error
      throw new TckError('INTERRUPTED', `interrupted: ${candidate.name} ${candidate.version} was not installed`, {
        hint: 'A partial download is kept and resumed by the next install.',
      })
    }
  }, {timeoutMs: options.lockTimeoutMs, onWait: (holder) => log.info(`waiting for process ${holder.pid}, which is installing ${key}`)})
  const record = toolchain.fresh ? toolchain.record : await recordUse(toolchain.record, options.project, dir)
  return {toolchain: record, installed: toolchain.fresh}
}

export async function installToolchain(registries: Registries, spec: string, options: InstallOptions = {}) {
  const candidate = await bestCandidate(registries, spec, options.platform)
  return installCandidate(registries, candidate, options)
}
