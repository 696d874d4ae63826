import test from 'ava'
import {execFileSync} from 'node:child_process'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tempDir} from '../helpers/cli.js'
import {startNginx} from '../helpers/nginx.js'
import {blob} from '../cache-fs/helpers.js'
import {openHttpLevel} from './helpers.js'
import {requireProgram} from '../helpers/programs.js'

test.before((t) => { requireProgram(t, 'nginx', 'nginx', ['openssl', 'openssl']) })

// nginx itself checks the credentials: basic auth from an htpasswd file, a bearer token by header.

async function roundTrip(url: string, env: NodeJS.ProcessEnv) {
  const level = openHttpLevel(url, {retries: 0}, env)
  try {
    const {data, digest} = blob(777)
    await level.putBlob(digest, data)
    return (await level.getBlob(digest))?.equals(data)
  } finally {
    await level.close()
  }
}

test('basic auth from TCK_REMOTE_CACHE_USER and TCK_REMOTE_CACHE_PASSWORD; without them the refusal names the variables', async (t) => {
  const htpasswd = join(tempDir(), 'htpasswd')
  const hash = execFileSync('openssl', ['passwd', '-apr1', 'open sesame']).toString().trim()
  writeFileSync(htpasswd, `builder:${hash}\n`)
  const nginx = await startNginx({htpasswd})
  try {
    t.true(await roundTrip(nginx.url, {TCK_REMOTE_CACHE_USER: 'builder', TCK_REMOTE_CACHE_PASSWORD: 'open sesame'}))
    await t.throwsAsync(roundTrip(nginx.url, {}), {message: /was refused \(401\): set TCK_REMOTE_CACHE_TOKEN, or TCK_REMOTE_CACHE_USER and TCK_REMOTE_CACHE_PASSWORD/})
    await t.throwsAsync(roundTrip(nginx.url, {TCK_REMOTE_CACHE_USER: 'builder', TCK_REMOTE_CACHE_PASSWORD: 'wrong'}), {message: /refused \(401\)/})
  } finally {
    await nginx.stop()
  }
})

test('a bearer token from TCK_REMOTE_CACHE_TOKEN', async (t) => {
  const nginx = await startNginx({bearer: 'tck-test-token'})
  try {
    t.true(await roundTrip(nginx.url, {TCK_REMOTE_CACHE_TOKEN: 'tck-test-token'}))
    await t.throwsAsync(roundTrip(nginx.url, {TCK_REMOTE_CACHE_TOKEN: 'stolen'}), {message: /refused \(401\)/})
  } finally {
    await nginx.stop()
  }
})
