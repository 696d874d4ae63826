/** Where scripts are cached. The launcher (bin/tck) computes the same default without Node. */
import {accessSync, constants, statSync} from 'node:fs'
import {homedir} from 'node:os'
import {join, resolve} from 'node:path'

/** `$TCK_CACHE_DIR/scripts`, else `$XDG_CACHE_HOME/tck/scripts`, else `~/.cache/tck/scripts`. */
export function defaultScriptCacheDir(env = process.env): string {
  if (env.TCK_CACHE_DIR) return join(env.TCK_CACHE_DIR, 'scripts')
  return join(env.XDG_CACHE_HOME || join(env.HOME || homedir(), '.cache'), 'tck', 'scripts')
}

export interface CacheDirs {
  /** Binaries: `bin/<key>/`. */
  cache: string
  /** The launch index the launcher reads: the flag's dir, else the default (it cannot read config). */
  launch: string
}

export function scriptCacheDirs(cwd: string, flag?: string, configured?: string): CacheDirs {
  const launchRoot = flag ? resolve(cwd, flag) : defaultScriptCacheDir()
  return {cache: flag ? launchRoot : configured ? resolve(cwd, configured) : launchRoot, launch: join(launchRoot, 'launch')}
}

/** Compilers: named on PATH the way the launcher's shell loop finds them (`$dir/$name`, empty dirs skipped). */
export function findProgram(name: string, path = process.env.PATH ?? ''): string | undefined {
  if (name.includes('/')) return name
  for (const dir of path.split(':')) {
    if (!dir) continue
    const candidate = `${dir}/${name}`
    if (isExecutableFile(candidate)) return candidate
  }
  return undefined
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return !statSync(path).isDirectory()
  } catch {
    return false
  }
}
