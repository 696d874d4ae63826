import test from 'ava'
import {createHash, randomBytes} from 'node:crypto'
import {existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {download} from '../../core/io/download.js'
import {tempDir} from '../helpers/cli.js'
import {startServer} from '../helpers/http-server.js'

const payload = randomBytes(3 << 20)
const sha256 = createHash('sha256').update(payload).digest('hex')
const options = () => ({cacheDir: tempDir('tck-downloads-'), backoffMs: 10, progress: 'none' as const})

test('a download is verified, cached by digest, and served from the cache the second time', async (t) => {
  const server = await startServer({'/tc.tar.gz': payload})
  t.teardown(() => server.close())
  const opts = options()
  const first = await download({urls: [`${server.url}/tc.tar.gz`], sha256}, opts)
  t.false(first.fromCache)
  t.true(readFileSync(first.path).equals(payload))
  t.is(first.path, join(opts.cacheDir, `sha256-${sha256}`))
  const second = await download({urls: [`${server.url}/tc.tar.gz`], sha256}, opts)
  t.true(second.fromCache)
  t.is(server.count('/tc.tar.gz'), 1)
})

test('a download cut off half way resumes with a Range request', async (t) => {
  const server = await startServer({'/tc.tar.gz': {body: payload, cutAfter: payload.length >> 1}})
  t.teardown(() => server.close())
  const result = await download({urls: [`${server.url}/tc.tar.gz`], sha256}, options())
  t.true(readFileSync(result.path).equals(payload))
  const ranged = server.requests.filter((request) => request.range)
  t.is(ranged.length, 1)
  t.regex(ranged[0].range!, /^bytes=\d+-$/)
  t.true(Number(/=(\d+)-/.exec(ranged[0].range!)![1]) > 0, 'it resumed past the bytes it already had')
})

test('a wrong checksum fails clearly and leaves nothing behind', async (t) => {
  const server = await startServer({'/tc.tar.gz': payload})
  t.teardown(() => server.close())
  const opts = options()
  const wrong = '0'.repeat(64)
  const error = await t.throwsAsync(download({urls: [`${server.url}/tc.tar.gz`], sha256: wrong, label: 'tc 1.0'}, opts))
  t.is((error as any).code, 'CHECKSUM_MISMATCH')
  t.regex(error!.message, new RegExp(`checksum mismatch for tc 1.0: .* has sha256 ${sha256}, expected ${wrong}`))
  t.deepEqual(readdirSync(opts.cacheDir), [], 'no file, partial file or lock is left')
})

test('a corrupt partial file from an earlier run is discarded and the download starts over once', async (t) => {
  const server = await startServer({'/tc.tar.gz': payload})
  t.teardown(() => server.close())
  const opts = options()
  mkdirSync(opts.cacheDir, {recursive: true})
  const part = `${join(opts.cacheDir, `sha256-${sha256}`)}.part`
  writeFileSync(part, randomBytes(1 << 20))
  const result = await download({urls: [`${server.url}/tc.tar.gz`], sha256}, opts)
  t.true(readFileSync(result.path).equals(payload))
  t.deepEqual(server.requests.map((request) => request.range), [`bytes=${1 << 20}-`, undefined], 'a resume, then one download from zero')
  t.false(existsSync(part))
})

test('a server that sends wrong bytes after a resume is not asked more than once again', async (t) => {
  const server = await startServer({'/tc.tar.gz': randomBytes(payload.length)})
  t.teardown(() => server.close())
  const opts = options()
  mkdirSync(opts.cacheDir, {recursive: true})
  writeFileSync(`${join(opts.cacheDir, `sha256-${sha256}`)}.part`, payload.subarray(0, 1 << 20))
  const error = await t.throwsAsync(download({urls: [`${server.url}/tc.tar.gz`], sha256}, opts))
  t.is((error as any).code, 'CHECKSUM_MISMATCH')
  t.is(server.count('/tc.tar.gz'), 2)
  t.deepEqual(readdirSync(opts.cacheDir), [], 'no file, partial file or lock is left')
})

test('mirrors are tried in order: a 404 moves on to the next one', async (t) => {
  const server = await startServer({'/b/tc.tar.gz': payload})
  t.teardown(() => server.close())
  const result = await download({urls: [`${server.url}/a/tc.tar.gz`, `${server.url}/b/tc.tar.gz`], sha256}, options())
  t.false(result.fromCache)
  t.is(server.count('/a/tc.tar.gz'), 1, 'a missing file is not retried')
  t.is(server.count('/b/tc.tar.gz'), 1)
})

test('a server error is retried with backoff until it answers', async (t) => {
  const server = await startServer({'/tc.tar.gz': {body: payload, failTimes: 2}})
  t.teardown(() => server.close())
  await download({urls: [`${server.url}/tc.tar.gz`], sha256}, options())
  t.is(server.count('/tc.tar.gz'), 3)
})

test('giving up after the retries names each failure', async (t) => {
  const server = await startServer({'/tc.tar.gz': {body: payload, failTimes: 100}})
  t.teardown(() => server.close())
  const error = await t.throwsAsync(download({urls: [`${server.url}/tc.tar.gz`], sha256}, {...options(), retries: 2}))
  t.is((error as any).code, 'DOWNLOAD_FAILED')
  t.regex(error!.message, /HTTP 503/)
  t.is(server.count('/tc.tar.gz'), 3)
})

test('an npm-style sha512 integrity is verified too', async (t) => {
  const server = await startServer({'/pkg.tgz': payload})
  t.teardown(() => server.close())
  const integrity = `sha512-${createHash('sha512').update(payload).digest('base64')}`
  const result = await download({urls: [`${server.url}/pkg.tgz`], integrity}, options())
  t.is(result.digest.algorithm, 'sha512')
  const bad = `sha512-${createHash('sha512').update('other').digest('base64')}`
  const error = await t.throwsAsync(download({urls: [`${server.url}/pkg.tgz`], integrity: bad}, options()))
  t.is((error as any).code, 'CHECKSUM_MISMATCH')
})

test('offline mode answers from the cache and refuses what is not cached', async (t) => {
  const server = await startServer({'/tc.tar.gz': payload})
  t.teardown(() => server.close())
  const opts = options()
  const error = await t.throwsAsync(download({urls: [`${server.url}/tc.tar.gz`], sha256}, {...opts, offline: true}))
  t.is((error as any).code, 'OFFLINE')
  t.is(server.requests.length, 0, 'offline mode makes no request')
  await download({urls: [`${server.url}/tc.tar.gz`], sha256}, opts)
  const cached = await download({urls: [`${server.url}/tc.tar.gz`], sha256}, {...opts, offline: true})
  t.true(cached.fromCache)
  t.true(existsSync(cached.path))
})

test('a corrupted cache entry is detected on read and downloaded again', async (t) => {
  const server = await startServer({'/tc.tar.gz': payload})
  t.teardown(() => server.close())
  const opts = options()
  const {path} = await download({urls: [`${server.url}/tc.tar.gz`], sha256}, opts)
  writeFileSync(path, 'garbage')
  const again = await download({urls: [`${server.url}/tc.tar.gz`], sha256}, opts)
  t.false(again.fromCache)
  t.true(readFileSync(again.path).equals(payload))
})

test('a file: mirror is used like any other, and a missing one moves on to the next', async (t) => {
  const server = await startServer({'/tc.tar.gz': payload})
  t.teardown(() => server.close())
  const local = join(tempDir(), 'tc.tar.gz')
  writeFileSync(local, payload)
  const fromFile = await download({urls: [pathToFileURL(local).href, `${server.url}/tc.tar.gz`], sha256}, options())
  t.true(readFileSync(fromFile.path).equals(payload))
  t.is(server.requests.length, 0, 'the local mirror came first and was enough')
  const missing = await download({urls: [pathToFileURL(join(tempDir(), 'none')).href, `${server.url}/tc.tar.gz`], sha256}, options())
  t.true(readFileSync(missing.path).equals(payload))
  t.is(server.count('/tc.tar.gz'), 1)
})

test.serial('off a terminal, progress is a log line when a download starts, resumes and ends', async (t) => {
  const server = await startServer({'/tc.tar.gz': {body: payload, cutAfter: payload.length >> 1}})
  t.teardown(() => server.close())
  const lines: string[] = []
  const write = process.stderr.write
  const quiet = process.env.TCK_QUIET
  delete process.env.TCK_QUIET
  process.stderr.write = ((chunk: string) => lines.push(String(chunk)) > 0) as typeof process.stderr.write
  try {
    await download({urls: [`${server.url}/tc.tar.gz`], sha256, label: 'tc 1.0'}, {cacheDir: tempDir(), backoffMs: 10})
  } finally {
    process.stderr.write = write
    if (quiet !== undefined) process.env.TCK_QUIET = quiet
  }
  const text = lines.join('')
  t.regex(text, /^downloading tc 1\.0 \(3\.0 MiB\)\n/)
  t.regex(text, /\ndownloading tc 1\.0 \(3\.0 MiB\), resuming at \d+\.\d MiB\n/)
  t.regex(text, /\ndownloaded tc 1\.0: 3\.0 MiB\n$/)
  t.false(text.includes('\r'), 'no carriage returns off a terminal')
})
