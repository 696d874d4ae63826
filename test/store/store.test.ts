import test from 'ava'
import {readFileSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {parseSize} from '../../core/store/size.js'
import {Store} from '../../core/store/store.js'
import {safeOutputPath} from '../../core/store/outputs.js'
import {tempDir} from '../helpers/cli.js'
import {blob, openFsLevel} from '../cache-fs/helpers.js'

const result = (digest: string) => ({outputs: [{path: 'a', digest, size: 1, mode: 0o644}], exitCode: 0, createdAt: 'now', durationMs: 1})

test('levels are asked in order; a hit in a later level is copied into earlier writable ones only', async (t) => {
  const shared = openFsLevel()
  const readOnly = openFsLevel({readOnly: true})
  const local = openFsLevel()
  const {data, digest} = blob(9000)
  const key = blob(1).digest
  await shared.putBlob(digest, data)
  await shared.putAction(key, result(digest))
  const store = new Store([local, readOnly, shared])
  t.deepEqual(await store.getAction(key), {...result(digest), servedBy: shared.name}, 'with the level that answered')
  t.true((await store.getBlob(digest))?.equals(data))
  t.true(await local.hasBlob(digest))
  t.deepEqual(await local.getAction(key), result(digest), 'the copy written back is the result as stored')
  t.false(await readOnly.hasBlob(digest), 'a read-only level is never written')
})

test('a file is stored streamed and restored with its mode', async (t) => {
  const store = new Store([openFsLevel()])
  const source = join(tempDir(), 'tool')
  writeFileSync(source, blob(3 << 20).data, {mode: 0o755})
  const {digest, size} = await store.putFile(source)
  t.is(size, 3 << 20)
  const destination = join(tempDir(), 'tool')
  t.true(await store.restoreFile(digest, destination, 0o4755))
  t.is(statSync(destination).mode & 0o7777, 0o755, 'permission bits only: never setuid from a cache entry')
  t.true(readFileSync(destination).equals(readFileSync(source)))
  t.false(await store.restoreFile(blob(2).digest, join(tempDir(), 'absent'), 0o644))
})

test('output paths from a cache entry stay inside the project', (t) => {
  t.is(safeOutputPath('/p', 'out/a.o'), '/p/out/a.o')
  for (const bad of ['../x', '/etc/passwd', 'out/../../x', '.']) {
    t.throws(() => safeOutputPath('/p', bad), {message: /outside the project/}, bad)
  }
  t.throws(() => safeOutputPath('/p', '../x', 'compile'), {message: /task "compile": output "\.\.\/x" is outside the project root/})
})

test('sizes read the way people write them', (t) => {
  t.is(parseSize('2G'), 2 * 2 ** 30)
  t.is(parseSize('500M'), 500 * 2 ** 20)
  t.is(parseSize('1.5GiB'), 1.5 * 2 ** 30)
  t.is(parseSize('4096'), 4096)
  t.is(parseSize('10k'), 10240)
  t.throws(() => parseSize('-1G', '--max-size'), {message: '--max-size: "-1G" is not a size'})
})
