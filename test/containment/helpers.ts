/** Throwaway projects, a victim directory outside them, and `tck build` runs, for the containment probes. */
import {spawn, type ChildProcess} from 'node:child_process'
import {lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {isolatedEnv, tck, tckBin, tempDir, type CliResult} from '../helpers/cli.js'
import {parseEvents, statuses} from '../engine/events.js'

const made: string[] = []

/** Removed by `cleanup` (test.after.always). */
export function scratch(prefix: string): string {
  const dir = tempDir(prefix)
  made.push(dir)
  return dir
}

export function cleanup(): void {
  for (const dir of made.splice(0)) rmSync(dir, {recursive: true, force: true})
}

/** A project with `tasks` in tck.config.mjs (local executor unless `config` says otherwise). */
export function project(tasks: Record<string, unknown>, files: Record<string, string> = {}, config: Record<string, unknown> = {}): string {
  const dir = scratch('tck-contain-')
  writeFileSync(join(dir, 'tck.config.mjs'), `export default ${JSON.stringify({...config, tasks}, null, 2)}\n`)
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), {recursive: true})
    writeFileSync(join(dir, name), text)
  }
  return dir
}

/** A directory outside every project, holding `files`; `snapshot` says what it holds, to compare. */
export function victim(files: Record<string, string> = {x: 'keep me\n'}): string {
  const dir = scratch('tck-victim-')
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text, {mode: 0o600})
  return dir
}

/** Every path under `dir` with its type, mode and content: equal snapshots mean nothing was touched. */
export function snapshot(dir: string): Record<string, string> {
  const seen: Record<string, string> = {}
  const walk = (relative: string) => {
    const path = join(dir, relative)
    const info = lstatSync(path)
    const mode = (info.mode & 0o7777).toString(8)
    if (info.isDirectory()) {
      seen[relative || '.'] = `dir ${mode}`
      for (const name of readdirSync(path).sort()) walk(join(relative, name))
    } else seen[relative] = `${info.isSymbolicLink() ? 'link' : 'file'} ${mode} ${info.isFile() ? readFileSync(path, 'utf8') : ''}`
  }
  walk('')
  return seen
}

export function env(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment = isolatedEnv(extra)
  made.push(dirname(environment.XDG_CACHE_HOME!))
  return environment
}

export interface Built extends CliResult {
  statuses: Record<string, string>
}

export async function build(dir: string, environment: NodeJS.ProcessEnv, ...args: string[]): Promise<Built> {
  const result = await tck(['build', '--json', ...args], {cwd: dir, env: environment, timeoutMs: 90_000})
  let found: Record<string, string> = {}
  try {
    found = statuses(parseEvents(result.stdout))
  } catch {}
  return {...result, statuses: found}
}

/** A `tck build` left running, to signal or kill. */
export function startBuild(dir: string, environment: NodeJS.ProcessEnv, ...args: string[]): {child: ChildProcess; done: Promise<{code: number | null; signal: string | null; stderr: string}>} {
  const child = spawn(process.execPath, [tckBin, 'build', ...args], {cwd: dir, env: environment, stdio: ['ignore', 'ignore', 'pipe']})
  let stderr = ''
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const done = new Promise<{code: number | null; signal: string | null; stderr: string}>((resolve) =>
    child.on('close', (code, signal) => resolve({code, signal, stderr})),
  )
  return {child, done}
}

export async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Every file under the local cache of `environment`, for asserting what was (not) stored. */
export function cacheFiles(environment: NodeJS.ProcessEnv, area = ''): string[] {
  const root = join(environment.XDG_CACHE_HOME!, 'tck', area)
  const found: string[] = []
  const walk = (dir: string) => {
    let names: string[] = []
    try {
      names = readdirSync(dir)
    } catch {
      return
    }
    for (const name of names) {
      const path = join(dir, name)
      if (lstatSync(path).isDirectory()) walk(path)
      else found.push(path)
    }
  }
  walk(root)
  return found
}
