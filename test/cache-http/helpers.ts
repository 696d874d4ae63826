/** cache-http levels opened the way the provider opens them, against a server the test started. */
import {runtime} from '../../core/runtime.js'
import {HttpLevel} from '../../plugins/cache-http/src/level.js'
import {readSettings} from '../../plugins/cache-http/src/settings.js'

export function openHttpLevel(url: string, options: Record<string, unknown> = {}, env: NodeJS.ProcessEnv = {}): HttpLevel {
  return new HttpLevel(runtime, readSettings(runtime, {url, ...options}, env))
}
