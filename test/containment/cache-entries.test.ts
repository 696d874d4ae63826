import test from 'ava'
import {createHash} from 'node:crypto'
import {mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {runtime} from '../../core/runtime.js'
import {Store} from '../../core/store/store.js'
import {openFsLevel, blob} from '../cache-fs/helpers.js'
import {openHttpLevel} from '../cache-http/helpers.js'
import {build, cacheFiles, cleanup, env, project} from './helpers.js'
import {startRemote} from './remote.js'

// A bad cache entry is a miss for its key: it never fails a task, never turns a level off, and
// is never copied into another level.

test.after.always(cleanup)

const sha = (text: string | Buffer) => createHash('sha256').update(text).digest('hex')
const rewriteEntry = (file: string, body: string) => writeFileSync(file, `${sha(body)}\n${body}`)
const tasks = {
  one: {run: 'mkdir -p out && echo 1 > out/one', outputs: ['out/one']},
  two: {run: 'mkdir -p out && echo 2 > out/two', outputs: ['out/two']},
  three: {run: 'mkdir -p out && echo 3 > out/three', outputs: ['out/three']},
}

test('action results with a valid checksum but no outputs are misses, rebuilt and replaced', async (t) => {
  const dir = project(tasks)
  const environment = env()
  t.is((await build(dir, environment)).code, 0)
  for (const file of cacheFiles(environment, 'ac')) rewriteEntry(file, JSON.stringify({exitCode: 0, createdAt: 'x', durationMs: 1}))
  rmSync(join(dir, 'out'), {recursive: true}) // so the outputs must come from the store
  const again = await build(dir, environment)
  t.is(again.code, 0, again.stdout)
  t.deepEqual(again.statuses, {one: 'built', two: 'built', three: 'built'})
  t.regex(again.stderr, /the entry for key [0-9a-f]{64} is not a valid action result \(outputs: Invalid input: expected array, received undefined\); a miss, removed/)
  t.deepEqual((await build(dir, environment)).statuses, {one: 'cached', two: 'cached', three: 'cached'})
})

test('one unparsable action result is a miss for its task alone: the level keeps serving the others', async (t) => {
  const dir = project(tasks)
  const environment = env()
  t.is((await build(dir, environment)).code, 0)
  const [first] = cacheFiles(environment, 'ac').sort()
  rewriteEntry(first, '{"outputs": [ not json')
  rmSync(join(dir, 'out'), {recursive: true}) // so the outputs must come from the store
  const again = await build(dir, environment)
  t.is(again.code, 0, again.stdout)
  t.deepEqual(Object.values(again.statuses).sort(), ['built', 'cached', 'cached'])
  t.notRegex(again.stderr, /going on without it/)
})

test('a remote entry whose digest is a path is a miss: no level goes down and nothing is copied locally', async (t) => {
  const remote = await startRemote()
  const local = openFsLevel()
  const http = openHttpLevel(remote.url, {retries: 0})
  const warnings: string[] = []
  const store = new Store([local, http], {warn: (message) => warnings.push(message)})
  const key = sha('poisoned')
  const good = sha('good')
  const {data, digest} = blob(100)
  const entry = (digest: string) => ({outputs: [{path: 'out/x', digest, size: 4, mode: 0o644}], exitCode: 0, createdAt: 'now', durationMs: 1})
  remote.store.set(`/ac/${key}`, Buffer.from(JSON.stringify(entry('../../../etc/passwd'))))
  remote.store.set(`/ac/${good}`, Buffer.from(JSON.stringify(entry(digest))))
  remote.store.set(`/cas/${digest}`, data)
  try {
    t.is(await store.getAction(key), undefined)
    t.regex(warnings.join('\n'), new RegExp(`entry for key ${key} is not a valid action result \\(outputs\\.0\\.digest: a digest is 64 lowercase hex characters\\); a miss, skipped`))
    t.is(await local.getAction(key), undefined, 'the poisoned entry was copied into the local level')
    t.is(store.live.length, 2, `a level went down: ${warnings.join('\n')}`)
    t.is((await store.getAction(good))?.outputs[0].digest, digest)
    t.truthy(await local.getAction(good), 'a good remote entry is still copied into the local level')
  } finally {
    await store.close()
    await remote.close()
  }
})

test('a corrupt remote blob of any size is replaced with the good one after the rebuild', async (t) => {
  const remote = await startRemote()
  const http = openHttpLevel(remote.url, {retries: 0})
  const dir = project({})
  try {
    for (const size of [1000, 70_000, 3 << 20]) {
      const {data, digest} = blob(size, false)
      // The last byte flipped, never replaced: a random blob may already end in the replacement.
      remote.store.set(`/cas/${digest}`, Buffer.concat([data.subarray(0, size - 1), Buffer.from([data[size - 1] ^ 0xff])]))
      const destination = join(dir, `restored-${size}`)
      t.false(await http.getBlobToFile(digest, destination, size), 'a corrupt blob was served')
      // The task ran again; its output is stored, which must overwrite the remote's bad copy.
      writeFileSync(join(dir, `built-${size}`), data)
      await http.putBlobFile(digest, join(dir, `built-${size}`))
      t.is(sha(remote.store.get(`/cas/${digest}`)!), digest, `the ${size}-byte blob was not healed`)
    }
  } finally {
    await http.close()
    await remote.close()
  }
})

test('a local blob store that holds a bad digest name never stops the build', async (t) => {
  // The fs level names files by digest: a traversal in a digest must be refused before any path is made.
  const local = openFsLevel()
  const warnings: string[] = []
  const store = new Store([local], {warn: (message) => warnings.push(message)})
  const outside = join(local.options.dir, '..', 'outside-blob')
  mkdirSync(join(local.options.dir, 'cas'), {recursive: true})
  t.false(await store.restoreFile('../../outside-blob', outside, 0o644))
  t.is(await store.getBlob('../../outside-blob'), undefined)
  t.is(store.live.length, 1, warnings.join('\n'))
  t.throws(() => readFileSync(outside))
  t.is(runtime.sha256('x').length, 64)
})
