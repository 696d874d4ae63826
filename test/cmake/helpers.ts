/** CMake projects for the tests: a private copy of a fixture with its tck.config.json, and an environment with private caches. */
import {execFileSync} from 'node:child_process'
import {cpSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {isolatedEnv, repoRoot, tck, tempDir, type CliResult} from '../helpers/cli.js'

export const fixture = (name: string) => join(repoRoot, 'fixtures', 'cmake', name)

/** A copy of fixtures/cmake/<name>, with `plugins.cmake` set to `settings` (and the rest of the config from `config`). */
export function cmakeProject(settings: Record<string, unknown> = {}, options: {name?: string; config?: Record<string, unknown>} = {}): string {
  const dir = join(tempDir('tck-cmake-'), options.name ?? 'project')
  cpSync(fixture(options.name ?? 'project'), dir, {recursive: true})
  writeConfig(dir, settings, options.config)
  return dir
}

export function writeConfig(dir: string, settings: Record<string, unknown>, config: Record<string, unknown> = {}): void {
  const plugins = (config.plugins ?? {}) as Record<string, unknown>
  writeFileSync(join(dir, 'tck.config.json'), `${JSON.stringify({...config, plugins: {...plugins, cmake: settings}}, null, 2)}\n`)
}

/**
 * Private tck dirs and a private ccache directory; toolchain downloads shared between tests (they
 * are content-addressed). The clang plugin is added, as `tck plugins add clang` adds it (a link to
 * the plugin shipped inside tck): system compilers are found by the compiler plugins.
 */
export function cmakeEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const home = tempDir('tck-cmake-home-')
  const env = isolatedEnv({CCACHE_DIR: join(home, 'ccache'), TCK_DOWNLOADS_DIR: join(tmpdir(), 'tck-test-downloads'), ...extra})
  const data = join(env.XDG_DATA_HOME!, 'tck')
  mkdirSync(data, {recursive: true})
  const clang = {name: '@tck/plugin-compiler-clang', root: join(repoRoot, 'plugins', 'compiler-clang'), type: 'link'}
  writeFileSync(join(data, 'package.json'), JSON.stringify({name: 'tck', private: true, dependencies: {}, oclif: {schema: 1, plugins: [clang]}}))
  return env
}

/** Fails with one line naming the Debian package when a program the test needs is missing. */
export function needs(program: string, debianPackage: string): void {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], {stdio: 'ignore'})
  } catch {
    throw new Error(`${program} is not installed: apt-get install ${debianPackage}`)
  }
}

export function build(dir: string, env: NodeJS.ProcessEnv, args: string[] = []): Promise<CliResult> {
  return tck(['build', '--progress', 'plain', ...args], {cwd: dir, env, timeoutMs: 300_000})
}

/** The outcome of each task of the last build, from its JSON report. */
export function lastOutcomes(dir: string): Record<string, string> {
  const report = JSON.parse(readFileSync(join(dir, '.tck', 'reports', 'latest.json'), 'utf8')) as {tasks: Array<{id: string; status: string}>}
  return Object.fromEntries(report.tasks.map((task) => [task.id, task.status]))
}

export function run(file: string, args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv} = {}): string {
  return execFileSync(file, args, {encoding: 'utf8', cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe']})
}
