/** Where toolchains live: one shared directory per machine (under tck's cache root), overridable per variable. */
import {homedir} from 'node:os'
import {join} from 'node:path'
import {cacheRoot} from '../io/dirs.js'

export {cacheRoot}

/** Installed toolchains, one directory each, plus their locks. */
export function toolchainsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TCK_TOOLCHAINS_DIR || join(cacheRoot(env), 'toolchains')
}

/** Downloaded archives, named by digest; shared by every source. */
export function downloadsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.TCK_DOWNLOADS_DIR || join(cacheRoot(env), 'downloads')
}

/** The user's own toolchain metadata files (`*.json`). */
export function userMetadataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'tck', 'toolchains')
}
