/**
 * The host's runtime API, as this plugin reaches it: handed over in `tck:register`, or — in the
 * `tck run` command, which starts before any plugin registers — loaded from the tck that runs it.
 */
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {TckApi} from 'tck'

let current: TckApi | undefined

export function useApi(api: TckApi): void {
  current = api
}

export function api(): TckApi {
  if (!current) throw new Error('the tck runtime API is not loaded yet')
  return current
}

export async function loadApi(tckRoot: string): Promise<TckApi> {
  current ??= ((await import(pathToFileURL(join(tckRoot, 'dist', 'core', 'api.js')).href)) as {runtime: TckApi}).runtime
  return current
}
