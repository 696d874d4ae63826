/** Runs scripts the way users do: through the `tck` launcher (bin/tck), or as `./script.c` with tck on PATH. */
import type {ExecutionContext} from 'ava'
import {execFile, execFileSync} from 'node:child_process'
import {cpSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, repoRoot, tempDir} from '../helpers/cli.js'

export const launcher = join(repoRoot, 'bin', 'tck')
export const fixtures = join(repoRoot, 'fixtures', 'scripts')

export interface RunResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

/** Private XDG dirs and the repo's bin/ first on PATH, so `#!/usr/bin/env -S tck run` finds bin/tck. */
export function scriptEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = isolatedEnv(extra)
  return {...env, PATH: `${join(repoRoot, 'bin')}:${env.PATH}`, ...extra}
}

/** A private copy of fixtures/scripts, so tests may edit scripts and launch entries never collide. */
export function scriptsCopy(): string {
  const dir = tempDir('tck-scripts-')
  cpSync(fixtures, dir, {recursive: true})
  return dir
}

export function exec(file: string, args: string[], options: {cwd: string; env: NodeJS.ProcessEnv; input?: string}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = execFile(file, args, {cwd: options.cwd, env: options.env, timeout: 120_000, maxBuffer: 16 << 20}, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0
      resolve({code, signal: (error?.signal as NodeJS.Signals | undefined) ?? null, stdout, stderr})
    })
    // A program that exits without reading its stdin (a cached hello) closes the pipe early.
    child.stdin!.on('error', () => {})
    child.stdin!.end(options.input ?? '')
  })
}

/** `tck <args>` through the launcher. */
export const tckRun = (args: string[], options: {cwd: string; env: NodeJS.ProcessEnv; input?: string}) => exec(launcher, args, options)

/** Makes any start of Node fail loudly: a run that succeeds under it never started Node. */
export const NO_NODE = {NODE_OPTIONS: '--import=/nonexistent/node-must-not-start.mjs'}

/** A test that needs a program fails, in one line naming the Debian package to install, when it is missing. */
export function needProgram(t: ExecutionContext, program: string, debianPackage: string): void {
  try {
    execFileSync('sh', ['-c', 'command -v "$1"', 'sh', program], {stdio: 'ignore'})
  } catch {
    t.fail(`${program} is not installed: apt-get install ${debianPackage} (or run .ci/run)`)
    throw new Error(`${program} is missing`)
  }
}
