/**
 * Malformed and hostile archives: every failure is an ARCHIVE_* error naming the entry (never a
 * raw fs or zlib error), names with a NUL are refused, symbolic link chains are resolved even
 * when they dangle, and a size cap stops decompression bombs before their bytes reach the disk.
 */
import test from 'ava'
import {existsSync, mkdirSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {gzipSync} from 'node:zlib'
import {extractArchive, unpackArchive, type ExtractOptions} from '../../core/io/extract.js'
import {tempDir} from '../helpers/cli.js'
import {paxRecord, tar, tarGz, writeArchive, zip, type TarEntry} from './archives.js'

async function expectRefused(t: any, code: 'ARCHIVE_INVALID' | 'ARCHIVE_UNSAFE', data: Buffer, name: string, pattern: RegExp, options?: ExtractOptions) {
  const root = tempDir()
  const destination = join(root, 'out')
  const error = await t.throwsAsync(extractArchive(writeArchive(join(root, name), data), destination, options))
  t.is((error as any).code, code, error?.message)
  t.regex(error!.message, pattern)
  t.false(existsSync(destination), 'nothing is left at the destination')
  t.deepEqual(readdirSync(root), [name], 'no temporary directory is left behind')
  return error!
}

const longName = (name: string): TarEntry[] => [{name: '././@LongLink', type: 'longname', body: `${name}\0`}, {name: 'placeholder', body: 'x'}]

test('a name longer than the file system allows is ARCHIVE_INVALID naming the entry', async (t) => {
  const name = `pkg/${'n'.repeat(300)}/file`
  await expectRefused(t, 'ARCHIVE_INVALID', tarGz(longName(name)), 'long.tar.gz', new RegExp(`entry "pkg/n{300}/file".*longer than`))
})

test('a header whose size runs past the end of the archive is ARCHIVE_INVALID naming the entry', async (t) => {
  const data = tar([{name: 'pkg/ok', body: 'fine'}, {name: 'pkg/huge', body: 'short', size: 2147483632}])
  await expectRefused(t, 'ARCHIVE_INVALID', data, 'cut.tar', /entry "pkg\/huge".*ends in the middle/)
})

test('a truncated tar.gz is ARCHIVE_INVALID naming the entry it broke in', async (t) => {
  const whole = tarGz([{name: 'pkg/a', body: 'a'.repeat(4096)}, {name: 'pkg/b', body: Buffer.from(Array.from({length: 300_000}, (_, i) => (i * 7919) % 251))}])
  await expectRefused(t, 'ARCHIVE_INVALID', whole.subarray(0, whole.length - 2000), 'cut.tar.gz', /entry "pkg\/b".*unexpected end of file/)
})

test('a tar.gz whose CRC is wrong is refused, even though the tar inside ends cleanly', async (t) => {
  const data = tarGz([{name: 'pkg/a', body: 'a'}])
  data[data.length - 8] ^= 0xff
  await expectRefused(t, 'ARCHIVE_INVALID', data, 'crc.tar.gz', /crc.tar.gz is damaged .*incorrect data check/)
})

test('a zip whose central directory points past its end is ARCHIVE_INVALID', async (t) => {
  const data = zip([{name: 'tc/bin/cc', body: 'cc'}])
  data.writeUInt32LE(2147483632, data.length - 6)
  await expectRefused(t, 'ARCHIVE_INVALID', data, 'bad.zip', /central directory/)
})

test('a zip entry whose data lies outside the file is ARCHIVE_INVALID naming the entry', async (t) => {
  const data = zip([{name: 'tc/bin/cc', body: 'cc'}])
  const central = data.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))
  data.writeUInt32LE(2147483632, central + 42)
  await expectRefused(t, 'ARCHIVE_INVALID', data, 'bad-local.zip', /entry "tc\/bin\/cc"/)
})

test('a NUL byte in a GNU long name is refused, not cut short', async (t) => {
  await expectRefused(t, 'ARCHIVE_UNSAFE', tarGz(longName('bin/evil\0.txt')), 'nul-long.tar.gz', /NUL byte/)
})

test('a NUL byte in a pax path is refused', async (t) => {
  const data = tarGz([{name: 'PaxHeaders/x', type: 'pax', body: paxRecord('path', 'bin/evil\0.txt')}, {name: 'x', body: 'x'}])
  await expectRefused(t, 'ARCHIVE_UNSAFE', data, 'nul-pax.tar.gz', /NUL byte/)
})

test('a NUL byte inside a header name field is refused', async (t) => {
  await expectRefused(t, 'ARCHIVE_UNSAFE', tarGz([{name: 'bin/evil\0.txt', body: 'x'}]), 'nul-header.tar.gz', /NUL byte/)
})

test('a sparse file is refused rather than extracted as its raw map', async (t) => {
  await expectRefused(t, 'ARCHIVE_UNSAFE', tarGz([{name: 'bin/cc', type: 'sparse', body: 'x'}]), 'sparse.tar.gz', /entry "bin\/cc" is a sparse file/)
  const pax = tarGz([{name: 'PaxHeaders/cc', type: 'pax', body: paxRecord('GNU.sparse.major', '1') + paxRecord('GNU.sparse.name', 'bin/cc')}, {name: 'GNUSparseFile.0/cc', body: 'x'}])
  await expectRefused(t, 'ARCHIVE_UNSAFE', pax, 'sparse-pax.tar.gz', /is a sparse file/)
})

test('a dangling chain of symbolic links that resolves outside the tree is refused', async (t) => {
  // b -> the root; up -> b/../../missing: inside on paper, one level above the root once b is followed.
  const data = tarGz([
    {name: 'd1/d2/', type: 'dir'},
    {name: 'd1/d2/b', type: 'symlink', link: '../..'},
    {name: 'd1/d2/up', type: 'symlink', link: 'b/../../missing'},
  ])
  await expectRefused(t, 'ARCHIVE_UNSAFE', data, 'dangling.tar.gz', /entry "d1\/d2\/up".*resolves outside/)
})

test('a dangling link through a link an earlier archive left in the tree is refused', async (t) => {
  const root = tempDir()
  const tree = join(root, 'tree')
  mkdirSync(tree)
  await unpackArchive(writeArchive(join(root, 'one.tar.gz'), tarGz([{name: 'sub/', type: 'dir'}, {name: 'sub/top', type: 'symlink', link: '..'}])), tree)
  const error = await t.throwsAsync(unpackArchive(writeArchive(join(root, 'two.tar.gz'), tarGz([{name: 'sub/out', type: 'symlink', link: 'top/../not-yet'}])), tree))
  t.is((error as any).code, 'ARCHIVE_UNSAFE')
  t.false(existsSync(join(tree, 'sub/out')) || readdirSync(join(tree, 'sub')).includes('out'))
})

test('a loop of symbolic links is refused', async (t) => {
  const data = tarGz([{name: 'a', type: 'symlink', link: 'b'}, {name: 'b', type: 'symlink', link: 'a'}])
  await expectRefused(t, 'ARCHIVE_UNSAFE', data, 'loop.tar.gz', /loop/)
})

const zeros = (bytes: number) => tarGz([{name: 'pkg/', type: 'dir'}, {name: 'pkg/zeros', body: Buffer.alloc(bytes)}])

test('a decompression bomb stops at the configured size cap, before the entry is written', async (t) => {
  const bomb = zeros(64 << 20)
  t.true(bomb.length < 1 << 20, `a ${bomb.length}-byte archive`)
  await expectRefused(t, 'ARCHIVE_UNSAFE', bomb, 'bomb.tar.gz', /entry "pkg\/zeros" takes the archive past its limit of 16.0 MiB/, {maxBytes: 16 << 20})
})

test.serial('TCK_ARCHIVE_MAX_BYTES sets the cap when the caller gives none', async (t) => {
  process.env.TCK_ARCHIVE_MAX_BYTES = String(4 << 20)
  t.teardown(() => delete process.env.TCK_ARCHIVE_MAX_BYTES)
  await expectRefused(t, 'ARCHIVE_UNSAFE', zeros(8 << 20), 'env.tar.gz', /past its limit of 4.0 MiB.*TCK_ARCHIVE_MAX_BYTES/s)
})

test('a gzip that declares less than it holds is stopped at the declared size, before writing the excess', async (t) => {
  const data = gzipSync(tar([{name: 'big', body: Buffer.alloc(8 << 20, 1)}]))
  data.writeUInt32LE(1 << 20, data.length - 4)
  const root = tempDir()
  const tree = join(root, 'tree')
  mkdirSync(tree)
  const error = await t.throwsAsync(unpackArchive(writeArchive(join(root, 'liar.tar.gz'), data), tree))
  t.is((error as any).code, 'ARCHIVE_INVALID')
  t.regex(error!.message, /at entry "big": it holds more than the 1\.0 MiB the archive declares/)
  t.deepEqual(readdirSync(tree), [], 'the entry was never written')
})

test('a zip whose entries add up past the cap is refused before inflating', async (t) => {
  const data = zip([{name: 'a', body: 'a'.repeat(3 << 20)}, {name: 'b', body: 'b'.repeat(3 << 20)}])
  await expectRefused(t, 'ARCHIVE_UNSAFE', data, 'big.zip', /entry "b" takes the archive past its limit of 5.0 MiB/, {maxBytes: 5 << 20})
})
