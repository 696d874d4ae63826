import test from 'ava'
import {chmodSync, existsSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {DigestCache} from '../../core/io/digest-cache.js'
import {sha256} from '../../core/io/digest.js'
import {tempDir} from '../helpers/cli.js'

/** A file written "an hour ago", so its stat data is trusted (not racy). */
function oldFile(dir: string, name: string, text: string): string {
  const path = join(dir, name)
  writeFileSync(path, text)
  const anHourAgo = new Date(Date.now() - 3_600_000)
  utimesSync(path, anHourAgo, anHourAgo)
  return path
}

test('a digest is remembered across loads and re-read only when the stat data changes', async (t) => {
  const dir = tempDir()
  const path = oldFile(dir, 'a.txt', 'one')
  const first = await DigestCache.load(dir)
  t.is(await first.of(path), sha256('one'))
  await first.save()

  const second = await DigestCache.load(dir)
  t.is(await second.of(path), sha256('one'))
  // Same size, new content and mtime: the changed stat data makes it read the file again.
  oldFile(dir, 'a.txt', 'two')
  utimesSync(path, new Date(Date.now() - 1_000_000), new Date(Date.now() - 1_000_000))
  t.is(await second.of(path), sha256('two'))
})

test('a file written just now is not trusted by its stat data next time', async (t) => {
  const dir = tempDir()
  const path = join(dir, 'fresh.txt')
  writeFileSync(path, 'fresh')
  const cache = await DigestCache.load(dir)
  t.is(await cache.of(path), sha256('fresh'))
  await cache.save()
  // Not remembered (nothing to save): a rewrite within the same mtime tick would otherwise go unseen.
  t.false(existsSync(DigestCache.file(dir)))
})

test('holds(): the right content with the right mode; a wrong mode or a missing file is not held', async (t) => {
  const dir = tempDir()
  const path = oldFile(dir, 'tool', '#!/bin/sh\n')
  chmodSync(path, 0o755)
  const cache = await DigestCache.load(dir)
  t.true(await cache.holds(path, sha256('#!/bin/sh\n'), 0o755))
  t.false(await cache.holds(path, sha256('#!/bin/sh\n'), 0o644))
  t.false(await cache.holds(path, sha256('other'), 0o755))
  t.false(await cache.holds(join(dir, 'missing'), sha256(''), 0o644))
})
