/** Where the default local store lives: `TCK_CACHE_DIR`, else `$XDG_CACHE_HOME/tck`, else `~/.cache/tck`. */
import {homedir} from 'node:os'
import {join} from 'node:path'

export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TCK_CACHE_DIR) return env.TCK_CACHE_DIR
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'tck')
}
