/** Shared by the exec-bwrap tests: a tck whose data dir has the plugin linked, and throwaway projects. */
import {randomBytes} from 'node:crypto'
import {rmSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {isolatedEnv, repoRoot, tck, tempDir, type CliResult} from '../helpers/cli.js'

export const token = () => randomBytes(6).toString('hex')

const temporaries: string[] = []

/** Registers a directory for removal after the file's tests (`test.after.always(removeTemporaries)`). */
export function temporary(dir: string): string {
  temporaries.push(dir)
  return dir
}

export function removeTemporaries(): void {
  for (const dir of temporaries.splice(0)) rmSync(dir, {recursive: true, force: true})
}

/** An isolated tck with exec-bwrap linked the way a plugin developer does it. */
export async function linkedEnv(extra: Record<string, string> = {}): Promise<NodeJS.ProcessEnv> {
  const env = isolatedEnv(extra)
  temporary(dirname(env.XDG_DATA_HOME!))
  const linked = await tck(['plugins', 'link', join(repoRoot, 'plugins', 'exec-bwrap')], {env})
  if (linked.code !== 0) throw new Error(`tck plugins link failed:\n${linked.stderr}`)
  return env
}

/** A project whose tck.config.mjs runs every task in the bwrap sandbox. */
export function project(tasks: Record<string, unknown>, files: Record<string, string> = {}, config: Record<string, unknown> = {}): string {
  const dir = temporary(tempDir('tck-bwrap-'))
  writeFileSync(join(dir, 'tck.config.mjs'), `export default ${JSON.stringify({executor: 'bwrap', ...config, tasks}, null, 2)}\n`)
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
  return dir
}

export function build(env: NodeJS.ProcessEnv, dir: string, ...targets: string[]): Promise<CliResult> {
  return tck(['build', ...targets], {cwd: dir, env, timeoutMs: 60_000})
}
