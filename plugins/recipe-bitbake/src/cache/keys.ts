/** What a cached configuration depends on besides files: the environment BitBake lets in, and
 * the evaluator's own code (a new tck parses again). */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {pythonDir} from '../python/worker.js'
import {sha256} from './store.js'

const exported = ['BB_TASKHASH', 'HOME', 'LOGNAME', 'PATH', 'PWD', 'SHELL', 'USER', 'LC_ALL', 'BBSERVER']

/** The environment variables BitBake lets into the datastore, as BitBake chooses them. */
export function approvedEnvironment(env: NodeJS.ProcessEnv): Record<string, string> {
  let approved: string[]
  if ('BB_PRESERVE_ENV' in env) approved = Object.keys(env)
  else {
    approved = env.BB_ENV_PASSTHROUGH ? [...env.BB_ENV_PASSTHROUGH.split(/\s+/), 'BB_ENV_PASSTHROUGH'] : ['BBPATH', 'BB_PRESERVE_ENV', 'BB_ENV_PASSTHROUGH_ADDITIONS', ...exported]
    if (env.BB_ENV_PASSTHROUGH_ADDITIONS) approved.push(...env.BB_ENV_PASSTHROUGH_ADDITIONS.split(/\s+/), 'BB_ENV_PASSTHROUGH_ADDITIONS')
  }
  return Object.fromEntries(approved.filter((name) => env[name] !== undefined).sort().map((name) => [name, env[name]!]))
}

let digest: string | undefined

export function evaluatorDigest(): string {
  if (digest) return digest
  const parts: string[] = []
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, {withFileTypes: true}).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.isDirectory() && entry.name !== '__pycache__') walk(join(dir, entry.name))
      else if (entry.name.endsWith('.py')) parts.push(entry.name, readFileSync(join(dir, entry.name), 'utf8'))
    }
  }
  walk(pythonDir)
  digest = sha256(parts.join('\0'))
  return digest
}
