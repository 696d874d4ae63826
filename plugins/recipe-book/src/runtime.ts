/**
 * The host's runtime API for this plugin's library code. Values never come from importing tck
 * (an installed plugin cannot resolve it): `tck:register` and each command hand the API over once.
 */
import type {ErrorCode, TckApi, TckError} from 'tck'

let current: TckApi | undefined

export function useApi(api: TckApi): void {
  current = api
}

export function tckApi(): TckApi {
  if (!current) throw new Error('recipe-book: the tck runtime API was not handed over (useApi)')
  return current
}

export function bookError(code: ErrorCode, message: string, hint?: string): TckError {
  return new (tckApi().TckError)(code, message, {hint})
}
