/** tck's cache root — the store, toolchains, downloads and scripts live under it; bin/tck computes the same. */
import {homedir} from 'node:os'
import {join} from 'node:path'

/** `TCK_CACHE_DIR`, else `$XDG_CACHE_HOME/tck`, else `~/.cache/tck`. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TCK_CACHE_DIR) return env.TCK_CACHE_DIR
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'tck')
}
