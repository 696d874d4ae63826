/**
 * Loaders for JavaScript and JSON configs whose errors name the file and the line. cosmiconfig's
 * own retries a failed import() with require(), and on Node 20 a syntax error in an .mjs then
 * surfaces as "Cannot require() ES Module ... not yet fully loaded", with no line at all.
 */
import {spawnSync} from 'node:child_process'
import {pathToFileURL} from 'node:url'
import {TckError} from '../errors.js'

function loadError(file: string, where: string, message: string, cause: unknown): TckError {
  return new TckError('CONFIG_LOAD', `${file}${where}: ${message}`, {
    cause,
    hint: 'Fix it there, or name another file with --config.',
  })
}

/** Where in the file a load error points: the stack names it for a throw, `node --check` for a syntax error. */
function locate(file: string, error: unknown): string {
  const href = pathToFileURL(file).href
  const thrown = error instanceof Error ? error.stack?.match(new RegExp(`${href.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):(\\d+)`)) : null
  if (thrown) return `:${thrown[1]}:${thrown[2]}`
  if (!(error instanceof SyntaxError)) return ''
  // Only on this error path: node reports a module's syntax error position to the terminal, not on the error.
  const check = spawnSync(process.execPath, ['--check', file], {encoding: 'utf8'})
  const line = new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+)$`, 'm').exec(check.stderr ?? '')
  return line ? `:${line[1]}` : ''
}

export async function loadJavaScript(file: string): Promise<unknown> {
  try {
    return (await import(pathToFileURL(file).href)).default
  } catch (error) {
    throw loadError(file, locate(file, error), error instanceof Error ? error.message : String(error), error)
  }
}

export function loadJson(file: string, content: string): unknown {
  if (content.trim() === '') return undefined
  try {
    return JSON.parse(content)
  } catch (error) {
    const message = (error as Error).message
    const position = Number(/at position (\d+)/.exec(message)?.[1] ?? Number.NaN)
    if (Number.isNaN(position)) throw loadError(file, '', message, error)
    const before = content.slice(0, position).split('\n')
    throw loadError(file, `:${before.length}:${before.at(-1)!.length + 1}`, message.replace(/ in JSON at position \d+.*$/s, ''), error)
  }
}
