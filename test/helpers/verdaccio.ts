/**
 * A real npm registry (Verdaccio) on 127.0.0.1 for `tck plugins add`: @tck/* packages are served
 * from its own storage only; everything else is proxied to the registry the user's npm is
 * configured with, as a company-internal Verdaccio would do.
 */
import {execFileSync, spawn, type ChildProcess} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {repoRoot, tempDir} from './cli.js'
import {freePort} from './port.js'

export interface Registry {
  url: string
  /** An .npmrc that publishes to and installs from this registry. */
  npmrc: string
  stop(): Promise<void>
}

function upstreamRegistry(): string {
  return execFileSync('npm', ['config', 'get', 'registry'], {encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore']}).trim()
}

async function waitUntilUp(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited (${child.exitCode}):\n${output()}`)
    try {
      if ((await fetch(`${url}/-/ping`)).ok) return
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  throw new Error(`verdaccio did not start within 60 s:\n${output()}`)
}

export async function startVerdaccio(): Promise<Registry> {
  const dir = tempDir('tck-verdaccio-')
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  writeFileSync(
    join(dir, 'config.yaml'),
    [
      `storage: ${join(dir, 'storage')}`,
      'web: {enable: false}',
      'uplinks:',
      `  upstream: {url: ${JSON.stringify(upstreamRegistry())}, timeout: 60s}`,
      'packages:',
      "  '@tck/*': {access: $all, publish: $anonymous}",
      "  '**': {access: $all, proxy: upstream}",
      'logs: {type: stdout, format: pretty, level: warn}',
      'max_body_size: 50mb',
    ].join('\n'),
  )
  let output = ''
  const child = spawn(process.execPath, [join(repoRoot, 'node_modules/verdaccio/bin/verdaccio'), '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  await waitUntilUp(url, child, () => output)
  const npmrc = join(dir, '.npmrc')
  writeFileSync(npmrc, `registry=${url}/\n//127.0.0.1:${port}/:_authToken=tck-test\n`)
  return {
    url,
    npmrc,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
