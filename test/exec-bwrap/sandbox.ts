/** Shared by the exec-bwrap tests: a tck whose data dir has the plugin linked, and throwaway projects. */
import {randomBytes} from 'node:crypto'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, repoRoot, tck, tempDir, type CliResult} from '../helpers/cli.js'

export const token = () => randomBytes(6).toString('hex')

/** An isolated tck with exec-bwrap linked the way a plugin developer does it. */
export async function linkedEnv(extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  const env = isolatedEnv(extra)
  const linked = await tck(['plugins', 'link', join(repoRoot, 'plugins', 'exec-bwrap')], {env})
  if (linked.code !== 0) throw new Error(`tck plugins link failed:\n${linked.stderr}`)
  return env
}

/** A project whose tck.config.mjs runs every task in the bwrap sandbox. */
export function project(tasks: Record<string, unknown>, files: Record<string, string> = {}): string {
  const dir = tempDir('tck-bwrap-')
  writeFileSync(join(dir, 'tck.config.mjs'), `export default ${JSON.stringify({executor: 'bwrap', tasks}, null, 2)}\n`)
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

export function build(env: NodeJS.ProcessEnv, dir: string, ...targets: string[]): Promise<CliResult> {
  return tck(['build', ...targets], {cwd: dir, env, timeoutMs: 60_000})
}
