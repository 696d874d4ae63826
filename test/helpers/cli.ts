/** Runs the built `tck` binary the way a user would, with its data, cache and config dirs isolated. */
import {execFile} from 'node:child_process'
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

export const repoRoot = new URL('../..', import.meta.url).pathname
export const tckBin = join(repoRoot, 'bin', 'run.js')
/** The front door users run (`npx tck`): the sh launcher and no-change check before Node. */
export const tckFrontDoor = join(repoRoot, 'bin', 'tck')

export function tempDir(prefix = 'tck-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** Environment with private XDG dirs, so tests never touch the user's plugins or cache. */
export function isolatedEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = tempDir('tck-home-')
  return {
    ...process.env,
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CACHE_HOME: join(home, 'cache'),
    XDG_CONFIG_HOME: join(home, 'config'),
    TCK_QUIET: '1',
    ...extra,
  }
}

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

type CliOptions = {cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number}

/** `tck` through bin/run.js: Node at once. */
export const tck = (args: string[], options: CliOptions = {}) => runCli(process.execPath, [tckBin, ...args], options)

/** `tck` through bin/tck, as users run it. */
export const tckFront = (args: string[], options: CliOptions = {}) => runCli(tckFrontDoor, args, options)

function runCli(file: string, args: string[], options: CliOptions): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      file,
      args,
      {cwd: options.cwd ?? repoRoot, env: options.env ?? isolatedEnv(), timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 << 20},
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0
        resolve({code, stdout, stderr})
      },
    )
    if (options.input !== undefined) child.stdin!.end(options.input)
  })
}

/**
 * Says whether a tck run loaded oclif: `env` preloads a probe into Node that writes, as Node
 * exits, how many of @oclif/core's modules were loaded; `oclifModules()` reads the last count.
 */
export function oclifProbe(): {env: Record<string, string>; oclifModules: () => number} {
  const dir = tempDir('tck-probe-')
  const report = join(dir, 'oclif-modules.txt')
  const probe = join(dir, 'probe.cjs')
  writeFileSync(probe, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, String(Object.keys(require('node:module')._cache).filter((path) => path.includes('@oclif/core')).length)))\n`)
  return {env: {NODE_OPTIONS: `--require=${probe}`}, oclifModules: () => Number(readFileSync(report, 'utf8'))}
}
