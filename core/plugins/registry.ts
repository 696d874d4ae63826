/**
 * What the user's npm registry publishes for a package, asked through the npm that
 * `tck plugins install` itself uses, so the user's .npmrc (registry, `@tck:registry`, auth,
 * proxy, `offline`) decides, and no registry address is written here.
 */
import {execFile} from 'node:child_process'
import {existsSync} from 'node:fs'
import {createRequire} from 'node:module'
import {homedir} from 'node:os'
import {dirname, join} from 'node:path'

export type Published = {version: string} | {missing: true} | {unreachable: string}

/** One quick question: a registry that does not answer must not hold up adding a shipped plugin. */
const FETCH_TIMEOUT_MS = 5000

/** The npm CLI bundled with @oclif/plugin-plugins (what its installs run), else npm on PATH. */
function npmCommand(): [string, string[]] {
  try {
    const fromPlugins = createRequire(import.meta.resolve('@oclif/plugin-plugins'))
    const pjsonPath = fromPlugins.resolve('npm/package.json')
    const {bin} = fromPlugins(pjsonPath) as {bin: {npm: string}}
    return [process.execPath, [join(dirname(pjsonPath), bin.npm)]]
  } catch {
    return ['npm', []]
  }
}

export function publishedVersion(name: string, options: {cwd: string; registry?: string}): Promise<Published> {
  const [file, prefix] = npmCommand()
  const args = [...prefix, 'view', name, 'version', '--json', '--fetch-retries=0', `--fetch-timeout=${FETCH_TIMEOUT_MS}`, '--no-update-notifier', '--loglevel=error']
  if (options.registry) args.push(`--registry=${options.registry}`)
  const cwd = existsSync(options.cwd) ? options.cwd : homedir()
  return new Promise((resolve) => {
    execFile(file, args, {cwd, timeout: 3 * FETCH_TIMEOUT_MS, encoding: 'utf8'}, (error, stdout, stderr) => {
      if (!error) {
        const version = JSON.parse(stdout || 'null') as string | string[] | null
        const latest = Array.isArray(version) ? version.at(-1) : version
        return resolve(latest ? {version: latest} : {missing: true})
      }
      const output = `${stdout}\n${stderr}`
      if (/E404|is not in this registry|404 Not Found/.test(output)) return resolve({missing: true})
      const code = /"code":\s*"([A-Z0-9_]+)"/.exec(output)?.[1] ?? /\b(E[A-Z]{3,})\b/.exec(output)?.[1]
      resolve({unreachable: code ?? (error.killed ? 'timed out' : `npm exited with ${error.code}`)})
    })
  })
}
