/**
 * The compiler launcher: ccache (local storage, plus a remote — tck's http cache under `ccache/`,
 * or `plugins.cmake.remoteCache`, http or redis) or sccache (Debian's 0.4 is built with local
 * storage only, so a remote is reported as not used). What each compile did is read back after the
 * build for the hit rate: ccache writes a stats log, sccache is asked for its counters.
 */
import {execFileSync} from 'node:child_process'
import {join} from 'node:path'
import type {BuildContext, TckApi} from 'tck'
import type {CMakeSettings} from './settings.js'

export interface Launcher {
  name: 'ccache' | 'sccache'
  path: string
  /** Set for the build task (not in the toolchain file: a remote's credentials never land in a file). */
  env: Record<string, string>
  remote?: string
  /** Said once at configure: what was asked for and cannot be done. */
  notes: string[]
}

export const statsLogPath = (root: string) => join(root, '.tck', 'cmake', 'ccache-stats.log')

/** tck's own http cache level, as ccache's remote: a `ccache/` prefix keeps the two key spaces apart. */
function tckRemote(build: Pick<BuildContext, 'config'>): string | undefined {
  const levels = build.config.cache?.levels
  const http = levels ? levels.find((level) => level.provider === 'http') : undefined
  const url = http ? (typeof http.url === 'string' ? http.url : process.env.TCK_REMOTE_CACHE_URL) : levels ? undefined : process.env.TCK_REMOTE_CACHE_URL
  return url ? `${url.replace(/\/+$/, '')}/ccache` : undefined
}

function sccacheHasRemote(path: string): boolean {
  try {
    const help = execFileSync(path, ['--help'], {encoding: 'utf8', timeout: 10_000})
    return /(S3|Redis|Memcached|GCS|GHA|Azure):\s+true/.test(help)
  } catch {
    return false
  }
}

export function detectLauncher(api: TckApi, settings: CMakeSettings, build: Pick<BuildContext, 'config' | 'root'>): Launcher | undefined {
  if (settings.launcher === 'none') return undefined
  const wanted = settings.launcher === 'auto' ? (['ccache', 'sccache'] as const) : [settings.launcher]
  const remote = settings.remoteCache === false ? undefined : settings.remoteCache ?? tckRemote(build)
  for (const name of wanted) {
    const path = api.which(name)
    if (!path) continue
    if (name === 'ccache') {
      const env: Record<string, string> = {CCACHE_BASEDIR: build.root, CCACHE_STATSLOG: statsLogPath(build.root)}
      if (remote) env.CCACHE_REMOTE_STORAGE = remote
      return {name, path, env, remote, notes: []}
    }
    const notes = remote && !sccacheHasRemote(path)
      ? [`sccache here is built with local storage only (no S3, Redis, Memcached, GCS, GHA or Azure): the remote cache ${settings.remoteCache ? `plugins.cmake.remoteCache ${remote}` : remote} is not used; use ccache for a remote`]
      : []
    return {name, path, env: {}, notes}
  }
  if (settings.launcher !== 'auto') {
    throw new api.TckError('TOOLCHAIN_NOT_FOUND', `plugins.cmake.launcher is "${settings.launcher}", but ${settings.launcher} is not on PATH`, {
      hint: `Install it (apt-get install ${settings.launcher}), or set launcher: 'auto' or 'none'.`,
    })
  }
  return undefined
}
