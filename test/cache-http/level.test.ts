import test from 'ava'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {Store} from '../../core/store/store.js'
import {tempDir} from '../helpers/cli.js'
import {startNginx, type Nginx} from '../helpers/nginx.js'
import {closedPort} from '../helpers/port.js'
import {blob, openFsLevel} from '../cache-fs/helpers.js'
import {openHttpLevel} from './helpers.js'
import {requireProgram} from '../helpers/programs.js'

test.before((t) => { requireProgram(t, 'nginx', 'nginx') })

let nginx: Nginx
test.before(async () => {
  nginx = await startNginx()
})
test.after.always(async () => {
  await nginx?.stop()
})

const action = (digest: string) => ({outputs: [{path: 'out/x', digest, size: 1, mode: 0o644}], exitCode: 0, createdAt: 'now', durationMs: 1})

test('blobs and action results round-trip through nginx, streamed for large files', async (t) => {
  const level = openHttpLevel(nginx.url)
  try {
    const small = blob(4096)
    t.false(await level.hasBlob(small.digest))
    t.is(await level.getBlob(small.digest), undefined)
    await level.putBlob(small.digest, small.data)
    t.true(await level.hasBlob(small.digest))
    t.true((await level.getBlob(small.digest))?.equals(small.data))
    t.true(readFileSync(join(nginx.dataDir, 'cas', small.digest)).equals(small.data), 'stored at /cas/<sha256> as Bazel does')

    const large = blob(9 << 20, false)
    const source = join(tempDir(), 'large')
    writeFileSync(source, large.data)
    await level.putBlobFile(large.digest, source)
    const destination = join(tempDir(), 'restored')
    t.true(await level.getBlobToFile(large.digest, destination))
    t.true(readFileSync(destination).equals(large.data))

    const key = blob(7).digest
    t.is(await level.getAction(key), undefined)
    await level.putAction(key, action(small.digest))
    t.deepEqual(await level.getAction(key), action(small.digest))
  } finally {
    await level.close()
  }
})

test('a server that returns wrong bytes is detected: the blob is rejected and reported', async (t) => {
  const level = openHttpLevel(nginx.url)
  try {
    const {digest} = blob(5000)
    mkdirSync(join(nginx.dataDir, 'cas'), {recursive: true})
    writeFileSync(join(nginx.dataDir, 'cas', digest), 'poisoned bytes, not the blob')
    t.true(await level.hasBlob(digest), 'the server claims to have it')
    t.is(await level.getBlob(digest), undefined)
    const destination = join(tempDir(), 'never')
    t.false(await level.getBlobToFile(digest, destination))
    t.false(existsSync(destination), 'nothing half-trusted is left behind')
    t.is(level.rejected, 2)
  } finally {
    await level.close()
  }
})

test('a remote hit is copied into the local level; a put goes to every writable level', async (t) => {
  const remote = openHttpLevel(nginx.url)
  const local = openFsLevel()
  const {data, digest} = blob(20_000)
  const key = blob(8).digest
  await remote.putBlob(digest, data)
  await remote.putAction(key, action(digest))
  const store = new Store([local, remote])
  try {
    t.deepEqual(await store.getAction(key), {...action(digest), servedBy: remote.name}, 'with the level that answered')
    t.deepEqual(await local.getAction(key), action(digest), 'the result was copied into the local level')
    const destination = join(tempDir(), 'x')
    t.true(await store.restoreFile(digest, destination, 0o640))
    t.true(await local.hasBlob(digest), 'the blob was copied into the local level')
    const fresh = blob(30_000)
    await store.putBlob(fresh.digest, fresh.data)
    t.true(await local.hasBlob(fresh.digest))
    t.true(await remote.hasBlob(fresh.digest))
  } finally {
    await store.close()
  }
})

test('a read-only remote is read but never written', async (t) => {
  const writer = openHttpLevel(nginx.url)
  const reader = openHttpLevel(nginx.url, {readOnly: true})
  const {data, digest} = blob(12_345)
  await writer.putBlob(digest, data)
  const store = new Store([openFsLevel(), reader])
  try {
    t.true((await store.getBlob(digest))?.equals(data))
    const fresh = blob(54_321)
    await store.putBlob(fresh.digest, fresh.data)
    await store.putAction(blob(9).digest, action(fresh.digest))
    t.false(existsSync(join(nginx.dataDir, 'cas', fresh.digest)))
    t.false(existsSync(join(nginx.dataDir, 'ac', blob(9).digest)))
  } finally {
    await Promise.all([store.close(), writer.close()])
  }
})

test('with the remote down the store goes on from the local level with one warning', async (t) => {
  const warnings: string[] = []
  const down = openHttpLevel(`http://127.0.0.1:${await closedPort()}/`, {retries: 1})
  const local = openFsLevel()
  const store = new Store([local, down], {warn: (message) => warnings.push(message)})
  try {
    for (let i = 0; i < 5; i++) {
      const {data, digest} = blob(1000 + i)
      t.is(await store.getAction(blob(i).digest), undefined)
      await store.putBlob(digest, data)
      await store.putAction(blob(i).digest, action(digest))
      t.true((await store.getBlob(digest))?.equals(data))
    }
    t.is(warnings.length, 1)
    t.regex(warnings[0], /^cache level http:\/\/127\.0\.0\.1:\d+\/ failed \(unreachable after 2 attempts: .*ECONNREFUSED.*\); going on without it for this build$/)
    t.true(await local.hasBlob(blob(1004).digest))
  } finally {
    await store.close()
  }
})

test('settings: credentials and CA come from the environment, never from the URL in messages', async (t) => {
  const bearer = openHttpLevel('http://127.0.0.1:1/cache/', {}, {TCK_REMOTE_CACHE_TOKEN: 's3cret'})
  t.is(bearer.client.settings.authorization, 'Bearer s3cret')
  t.is(bearer.client.url('cas', blob(1).digest), `/cache/cas/${blob(1).digest}`)
  const basic = openHttpLevel('http://alice:pw@127.0.0.1:1/', {}, {})
  t.is(basic.client.settings.authorization, `Basic ${Buffer.from('alice:pw').toString('base64')}`)
  t.false(basic.name.includes('pw'))
  const fromEnv = openHttpLevel('http://127.0.0.1:1/', {}, {TCK_REMOTE_CACHE_USER: 'bob', TCK_REMOTE_CACHE_PASSWORD: 'x', TCK_REMOTE_CACHE_READ_ONLY: '1'})
  t.is(fromEnv.client.settings.authorization, `Basic ${Buffer.from('bob:x').toString('base64')}`)
  t.true(fromEnv.readOnly)
  t.throws(() => openHttpLevel('http://127.0.0.1:1/', {}, {TCK_REMOTE_CACHE_CA: '/nonexistent/ca.pem'}), {message: /cannot read the CA file \/nonexistent\/ca.pem/})
  t.throws(() => openHttpLevel('ftp://example/'), {message: /must be http:\/\/ or https:\/\//})
  await Promise.all([bearer.close(), basic.close(), fromEnv.close()])
})
