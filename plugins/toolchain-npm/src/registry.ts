/**
 * The user's npm registry, read at run time (never a built-in host): `npm_config_registry`
 * (set by npm itself for scripts), else `npm config get registry`, which honours every .npmrc.
 * Package documents are cached, so offline installs still know tarball URLs and integrities.
 */
import {execFile} from 'node:child_process'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {TckApi} from 'tck'

export interface Packument {
  name: string
  'dist-tags'?: Record<string, string>
  versions: Record<string, {version: string; dist: {tarball: string; integrity?: string; unpackedSize?: number}}>
}

let registryUrl: Promise<string> | undefined

export function npmRegistry(): Promise<string> {
  registryUrl ??= (async () => {
    const fromEnv = process.env.npm_config_registry || process.env.NPM_CONFIG_REGISTRY
    if (fromEnv) return fromEnv
    return new Promise<string>((resolve, reject) => {
      execFile('npm', ['config', 'get', 'registry'], {timeout: 30_000, encoding: 'utf8'}, (error, stdout) => {
        if (error || !stdout.trim()) reject(new Error(`could not ask npm for its registry: ${error?.message ?? 'no answer'}`))
        else resolve(stdout.trim())
      })
    })
  })()
  return registryUrl.then((url) => (url.endsWith('/') ? url : `${url}/`))
}

export async function packument(api: TckApi, name: string): Promise<Packument> {
  const cacheFile = join(api.toolchains.cacheDir(), 'npm', `${name.replace('/', '__')}.json`)
  const cached = async () => JSON.parse(await readFile(cacheFile, 'utf8')) as Packument
  if (api.toolchains.offline()) {
    return cached().catch(() => {
      throw new api.TckError('OFFLINE', `the npm package ${name} was never looked up on this machine and tck is offline`, {hint: 'Run once with network access.'})
    })
  }
  const url = `${await npmRegistry()}${name.replace('/', '%2f')}`
  let response: Response
  try {
    response = await fetch(url, {headers: {accept: 'application/vnd.npm.install-v1+json; q=1.0, application/json; q=0.8'}})
  } catch (error) {
    return cached().catch(() => {
      throw new api.TckError('DOWNLOAD_FAILED', `could not reach the npm registry for ${name}: ${(error as Error).message}`)
    })
  }
  if (response.status === 404) {
    throw new api.TckError('TOOLCHAIN_NOT_FOUND', `the npm registry ${new URL(url).origin} has no package ${name}`)
  }
  if (!response.ok) throw new api.TckError('DOWNLOAD_FAILED', `the npm registry answered ${response.status} for ${name}`)
  const document = (await response.json()) as Packument
  await api.atomicWriteFile(cacheFile, JSON.stringify(document))
  return document
}
