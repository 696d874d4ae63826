/** SHA-256 (node's OpenSSL) against sha256sum; xxh3-128 fingerprints against xxhsum, and when a file is read again. */
import test from 'ava'
import {execFileSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {readFileSync, rmSync, renameSync, statSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {sha256, sha256File} from '../../core/io/digest.js'
import {Fingerprints, fingerprintBytes, fingerprintFile} from '../../core/io/fingerprint.js'
import {tempDir} from '../helpers/cli.js'
import {requireProgram} from '../helpers/programs.js'

const dir = tempDir('tck-hash-')
test.after.always(() => rmSync(dir, {recursive: true, force: true}))
// Sizes around the stream chunk (1 MiB) and the whole-read limit of fingerprints (16 MiB).
const samples = {empty: 0, byte: 1, odd: (1 << 20) + 3, big: (17 << 20) + 5}
for (const [name, size] of Object.entries(samples)) writeFileSync(join(dir, name), randomBytes(size))

const firstField = (command: string, args: string[]) => execFileSync(command, args, {encoding: 'utf8'}).split(/\s+/)[0]

test('SHA-256 of files agrees with sha256sum', async (t) => {
  for (const name of Object.keys(samples)) {
    const path = join(dir, name)
    t.is(await sha256File(path), firstField('sha256sum', [path]), name)
  }
})

test('SHA-256 of strings and bytes agrees with sha256sum', (t) => {
  const text = 'héllo, wörld\n'
  t.is(sha256(text), execFileSync('sha256sum', {input: text, encoding: 'utf8'}).split(' ')[0])
  const bytes = readFileSync(join(dir, 'odd'))
  t.is(sha256(bytes), firstField('sha256sum', [join(dir, 'odd')]))
})

test('xxh3-128 fingerprints agree with xxhsum -H2, streamed or read whole', async (t) => {
  if (!requireProgram(t, 'xxhsum', 'xxhash')) return
  for (const name of Object.keys(samples)) {
    const path = join(dir, name)
    t.is(await fingerprintFile(path), firstField('xxhsum', ['-H2', path]), name)
  }
  t.is(await fingerprintBytes('hello'), execFileSync('xxhsum', ['-H2'], {input: 'hello', encoding: 'utf8'}).split(' ')[0])
})

/** Files old enough that their stat data can be trusted (see RACY_MS in fingerprint.ts). */
function settled(path: string, text: string, secondsAgo = 60): void {
  writeFileSync(path, text)
  const then = new Date(Date.now() - secondsAgo * 1000)
  utimesSync(path, then, then)
}

test('an unchanged file is not read again; a new mtime, size or inode is', async (t) => {
  const root = tempDir('tck-fp-')
  const file = join(root, 'input.c')
  settled(file, 'int main(void) { return 0; }\n')
  const fingerprints = new Fingerprints()
  const first = await fingerprints.of(file)
  t.is(await fingerprints.of(file), first)
  t.is(fingerprints.hashed, 1)

  // Same size and mtime, new content: stat data says unchanged, so the record is trusted (like make).
  const {atime, mtime} = statSync(file)
  writeFileSync(file, 'int main(void) { return 1; }\n')
  utimesSync(file, atime, mtime)
  t.is(await fingerprints.of(file), first)
  t.is(fingerprints.hashed, 1)

  settled(file, 'int main(void) { return 1; }\n', 30)
  const second = await fingerprints.of(file)
  t.not(second, first)
  t.is(fingerprints.hashed, 2)

  // Replaced by another file with the same size and mtime: a new inode.
  const other = join(root, 'other.c')
  settled(other, 'int main(void) { return 2; }\n', 30)
  renameSync(other, file)
  t.not(await fingerprints.of(file), second)
  t.is(fingerprints.hashed, 3)

  settled(file, 'int main(void) { return 22; }\n', 30)
  await fingerprints.of(file)
  t.is(fingerprints.hashed, 4)
})

test('the same records can remember SHA-256 digests, which agree with sha256sum', async (t) => {
  const file = join(tempDir('tck-fp-'), 'input.c')
  settled(file, 'int answer = 42;\n')
  const digests = new Fingerprints({}, sha256File)
  t.is(await digests.of(file), firstField('sha256sum', [file]))
  t.is(await digests.of(file), firstField('sha256sum', [file]))
  t.is(digests.hashed, 1)
})

test('a file written just now is hashed again until its mtime is old enough to trust', async (t) => {
  const file = join(tempDir('tck-fp-'), 'fresh.h')
  writeFileSync(file, '#define X 1\n')
  const fingerprints = new Fingerprints()
  await fingerprints.of(file)
  await fingerprints.of(file)
  t.is(fingerprints.hashed, 2)
})

test('fingerprints survive a save and load; a corrupt file loads as empty', async (t) => {
  const root = tempDir('tck-fp-')
  const file = join(root, 'a.txt')
  settled(file, 'a\n')
  const store = join(root, '.tck', 'fingerprints.json')
  const before = new Fingerprints()
  const fingerprint = await before.of(file)
  await before.save(store)
  const after = await Fingerprints.load(store)
  t.is(await after.of(file), fingerprint)
  t.is(after.hashed, 0)
  writeFileSync(store, '{"broken"')
  const empty = await Fingerprints.load(store)
  await empty.of(file)
  t.is(empty.hashed, 1)
})
