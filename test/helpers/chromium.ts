/** A page's DOM after its scripts ran, from Debian's headless Chromium (package chromium). */
import {execFile} from 'node:child_process'
import {promisify} from 'node:util'
import {tempDir} from './cli.js'

export const CHROMIUM = '/usr/bin/chromium'

export async function renderedDom(file: string, extraArgs: string[] = []): Promise<string> {
  const {stdout} = await promisify(execFile)(CHROMIUM, [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', `--user-data-dir=${tempDir('tck-chromium-')}`, ...extraArgs, '--dump-dom', `file://${file}`,
  ], {timeout: 90_000, maxBuffer: 32 << 20})
  return stdout
}
