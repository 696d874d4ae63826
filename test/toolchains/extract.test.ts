import test from 'ava'
import {execFileSync} from 'node:child_process'
import {existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {extractArchive, unpackArchive} from '../../core/io/extract.js'
import {tempDir} from '../helpers/cli.js'
import {compressWith, tar, tarGz, writeArchive, zip, type TarEntry} from './archives.js'
import {requireProgram} from '../helpers/programs.js'

const good: TarEntry[] = [
  {name: 'pkg-1.0/', type: 'dir'},
  {name: 'pkg-1.0/bin/', type: 'dir'},
  {name: 'pkg-1.0/bin/cc', body: '#!/bin/sh\necho cc\n', mode: 0o4755},
  {name: 'pkg-1.0/lib/libx.a', body: 'archive'},
  {name: 'pkg-1.0/lib/libx-hard.a', type: 'hardlink', link: 'pkg-1.0/lib/libx.a'},
  {name: 'pkg-1.0/bin/gcc', type: 'symlink', link: 'cc'},
  {name: 'pkg-1.0/bin/libdir', type: 'symlink', link: '../lib'},
]

async function expectUnsafe(t: any, file: string, pattern: RegExp) {
  const destination = join(tempDir(), 'out')
  const error = await t.throwsAsync(extractArchive(file, destination))
  t.is((error as any).code, 'ARCHIVE_UNSAFE')
  t.regex(error!.message, pattern)
  t.false(existsSync(destination), 'nothing is left at the destination')
  t.deepEqual(readdirSync(join(destination, '..')), [], 'no temporary directory is left behind')
}

for (const [format, make] of [
  ['tar.gz', (entries: TarEntry[]) => tarGz(entries)],
  ['tar.xz', (entries: TarEntry[]) => compressWith('xz', tar(entries))],
  ['tar.zst', (entries: TarEntry[]) => compressWith('zstd', tar(entries))],
] as const) {
  test(`a ${format} extracts with modes, links and stripped components`, async (t) => {
    if (format !== 'tar.gz' && !requireProgram(t, format === 'tar.xz' ? 'xz' : 'zstd', format === 'tar.xz' ? 'xz-utils' : 'zstd')) return
    const file = writeArchive(join(tempDir(), `good.${format}`), make(good))
    const destination = join(tempDir(), 'toolchain')
    const result = await extractArchive(file, destination, {stripComponents: 1})
    t.is(result.format, format)
    t.is(readFileSync(join(destination, 'bin/cc'), 'utf8'), '#!/bin/sh\necho cc\n')
    t.is(statSync(join(destination, 'bin/cc')).mode & 0o7777, 0o755, 'setuid is dropped, exec bits kept')
    t.is(readlinkSync(join(destination, 'bin/gcc')), 'cc')
    t.is(statSync(join(destination, 'lib/libx-hard.a')).ino, statSync(join(destination, 'lib/libx.a')).ino)
    t.true(lstatSync(join(destination, 'bin/libdir')).isSymbolicLink())
  })
}

test('a zip extracts with its Unix modes and symbolic links', async (t) => {
  const file = writeArchive(join(tempDir(), 'good.zip'), zip([
    {name: 'tc/bin/cc', body: '#!/bin/sh\n', mode: 0o100755},
    {name: 'tc/bin/c99', body: 'cc', mode: 0o120777},
  ]))
  const destination = join(tempDir(), 'tc')
  await extractArchive(file, destination, {stripComponents: 1})
  t.is(statSync(join(destination, 'bin/cc')).mode & 0o777, 0o755)
  t.is(readlinkSync(join(destination, 'bin/c99')), 'cc')
})

test('tar: an absolute path is rejected', async (t) => {
  await expectUnsafe(t, writeArchive(join(tempDir(), 'abs.tar.gz'), tarGz([{name: '/tmp/tck-evil', body: 'x'}])), /absolute path/)
})

test('tar: a ".." path is rejected', async (t) => {
  await expectUnsafe(t, writeArchive(join(tempDir(), 'dots.tar.gz'), tarGz([{name: 'ok/../../evil', body: 'x'}])), /climbs out/)
})

test('tar: a symbolic link that escapes is rejected', async (t) => {
  const archive = tarGz([{name: 'a/link', type: 'symlink', link: '../../etc'}])
  await expectUnsafe(t, writeArchive(join(tempDir(), 'symlink.tar.gz'), archive), /symbolic link to \.\.\/\.\.\/etc/)
})

test('tar: an absolute symbolic link is rejected', async (t) => {
  const archive = tarGz([{name: 'etc', type: 'symlink', link: '/etc'}])
  await expectUnsafe(t, writeArchive(join(tempDir(), 'abs-symlink.tar.gz'), archive), /absolute path \/etc/)
})

test('tar: a chain of symbolic links that escapes only once resolved is rejected', async (t) => {
  // Each target looks inside on its own; together d1/d2/up -> d1/d2/b/../.. -> (root)/.. escapes.
  const archive = tarGz([
    {name: 'd1/d2/', type: 'dir'},
    {name: 'd1/d2/b', type: 'symlink', link: '../..'},
    {name: 'd1/d2/up', type: 'symlink', link: 'b/../..'},
  ])
  await expectUnsafe(t, writeArchive(join(tempDir(), 'chain.tar.gz'), archive), /resolves outside/)
})

test('tar: a file written through a symbolic link is rejected', async (t) => {
  const root = tempDir()
  const archive = tarGz([{name: 'lib', type: 'symlink', link: '.'}, {name: 'lib/x', body: 'x'}])
  // The link is created last, so "lib/x" makes a real directory "lib", and the link then collides.
  const error = await t.throwsAsync(extractArchive(writeArchive(join(root, 'through.tar.gz'), archive), join(root, 'out')))
  t.is((error as any).code, 'ARCHIVE_UNSAFE')
  t.false(existsSync(join(root, 'out')))
})

test('tar: a second archive unpacked into one tree cannot write through the first one\'s link', async (t) => {
  const root = tempDir()
  const tree = join(root, 'tree')
  mkdirSync(tree)
  await unpackArchive(writeArchive(join(root, 'one.tar.gz'), tarGz([{name: 'sub/', type: 'dir'}, {name: 'lib', type: 'symlink', link: 'sub'}])), tree)
  const error = await t.throwsAsync(unpackArchive(writeArchive(join(root, 'two.tar.gz'), tarGz([{name: 'lib/x', body: 'x'}])), tree))
  t.is((error as any).code, 'ARCHIVE_UNSAFE')
  t.regex(error!.message, /written through the symbolic link lib/)
  t.false(existsSync(join(tree, 'sub/x')))
})

test('tar: a hard link that escapes is rejected', async (t) => {
  const archive = tarGz([{name: 'passwd', type: 'hardlink', link: '../../../../etc/passwd'}])
  await expectUnsafe(t, writeArchive(join(tempDir(), 'hardlink.tar.gz'), archive), /climbs out/)
})

test('tar: a hard link to an absolute path is rejected', async (t) => {
  const archive = tarGz([{name: 'passwd', type: 'hardlink', link: '/etc/passwd'}])
  await expectUnsafe(t, writeArchive(join(tempDir(), 'hardlink-abs.tar.gz'), archive), /absolute path/)
})

test('tar: a character device is rejected', async (t) => {
  await expectUnsafe(t, writeArchive(join(tempDir(), 'char.tar.gz'), tarGz([{name: 'dev/null', type: 'char'}])), /device file/)
})

test('tar: a block device is rejected', async (t) => {
  await expectUnsafe(t, writeArchive(join(tempDir(), 'block.tar.gz'), tarGz([{name: 'dev/sda', type: 'block'}])), /device file/)
})

test('tar: a FIFO is rejected', async (t) => {
  await expectUnsafe(t, writeArchive(join(tempDir(), 'fifo.tar.gz'), tarGz([{name: 'pipe', type: 'fifo'}])), /FIFO/)
})

test('zip: an absolute path is rejected', async (t) => {
  await expectUnsafe(t, writeArchive(join(tempDir(), 'abs.zip'), zip([{name: '/tmp/tck-evil', body: 'x'}])), /absolute path/)
})

test('zip: a "..\\" path written by a Windows tool is rejected', async (t) => {
  await expectUnsafe(t, writeArchive(join(tempDir(), 'dots.zip'), zip([{name: '..\\..\\evil', body: 'x'}])), /climbs out/)
})

test('zip: a symbolic link that escapes is rejected', async (t) => {
  const archive = zip([{name: 'link', body: '../../../etc', mode: 0o120777}])
  await expectUnsafe(t, writeArchive(join(tempDir(), 'symlink.zip'), archive), /outside the extracted tree/)
})

test('zip: a device file is rejected', async (t) => {
  await expectUnsafe(t, writeArchive(join(tempDir(), 'char.zip'), zip([{name: 'null', mode: 0o020666}])), /device file/)
})

test('a damaged tar fails as invalid and leaves nothing', async (t) => {
  const data = tar([{name: 'a', body: 'x'}])
  data[0] ^= 0xff
  const root = tempDir()
  const error = await t.throwsAsync(extractArchive(writeArchive(join(root, 'bad.tar'), data), join(root, 'out')))
  t.is((error as any).code, 'ARCHIVE_INVALID')
  t.false(existsSync(join(root, 'out')))
})

for (const format of ['gnu', 'pax'] as const) {
  test(`long names and link targets written by GNU tar (${format} format) extract intact`, async (t) => {
    const source = tempDir()
    const deep = `${'a-long-directory-name/'.repeat(6)}a-file-name-that-pushes-the-path-past-one-hundred-characters.h`
    mkdirSync(join(source, 'tc', deep, '..'), {recursive: true})
    writeFileSync(join(source, 'tc', deep), 'deep\n')
    symlinkSync(deep.split('/').slice(1).join('/'), join(source, 'tc', 'a-long-directory-name', 'shortcut'))
    const archive = join(tempDir(), `long.${format}.tar.gz`)
    execFileSync('tar', ['-czf', archive, `--format=${format}`, '-C', source, 'tc'])
    const destination = join(tempDir(), 'out')
    await extractArchive(archive, destination, {stripComponents: 1})
    t.is(readFileSync(join(destination, deep), 'utf8'), 'deep\n')
    t.is(readFileSync(join(destination, 'a-long-directory-name', 'shortcut'), 'utf8'), 'deep\n')
  })
}

test('a pre-POSIX directory entry (a regular entry whose name ends in a slash) is a directory', async (t) => {
  const file = writeArchive(join(tempDir(), 'v7.tar.gz'), tarGz([{name: 'pkg/dir/', body: ''}, {name: 'pkg/dir/x', body: 'x'}]))
  const destination = join(tempDir(), 'out')
  await extractArchive(file, destination, {stripComponents: 1})
  t.true(statSync(join(destination, 'dir')).isDirectory())
  t.is(readFileSync(join(destination, 'dir/x'), 'utf8'), 'x')
})
