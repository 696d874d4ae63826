import test from 'ava'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {runtime} from '../../core/runtime.js'
import {aptSources} from '../../plugins/toolchain-debian/src/apt-sources.js'
import {arMembers, unpackDeb} from '../../plugins/toolchain-debian/src/deb.js'
import {compareDebianVersions, upstreamVersion} from '../../plugins/toolchain-debian/src/dpkg-version.js'
import {tempDir} from '../helpers/cli.js'
import {tarGz} from './archives.js'

test('apt sources are read from one-line .list files and deb822 .sources files', (t) => {
  const etc = tempDir('tck-apt-')
  mkdirSync(join(etc, 'sources.list.d'))
  writeFileSync(join(etc, 'sources.list'), '# comment\ndeb [arch=amd64 signed-by=/k.gpg] http://mirror.invalid/debian/ stable main contrib\ndeb-src http://mirror.invalid/debian stable main\n')
  writeFileSync(join(etc, 'sources.list.d', 'extra.sources'), [
    'Types: deb deb-src', 'URIs: http://a.invalid/x http://b.invalid/x', 'Suites: s1 s1-updates', 'Components: main', 'Signed-By: /k2.gpg', '',
    'Types: deb', 'URIs: http://off.invalid', 'Suites: s', 'Components: main', 'Enabled: no', '',
  ].join('\n'))
  writeFileSync(join(etc, 'sources.list.d', 'ignored.list.disabled'), 'deb http://never.invalid s main\n')
  const sources = aptSources(etc)
  t.deepEqual(sources.map(({uri, suite, components, signedBy, architectures}) => ({uri, suite, components, signedBy, architectures})), [
    {uri: 'http://mirror.invalid/debian', suite: 'stable', components: ['main', 'contrib'], signedBy: '/k.gpg', architectures: ['amd64']},
    {uri: 'http://a.invalid/x', suite: 's1', components: ['main'], signedBy: '/k2.gpg', architectures: undefined},
    {uri: 'http://a.invalid/x', suite: 's1-updates', components: ['main'], signedBy: '/k2.gpg', architectures: undefined},
    {uri: 'http://b.invalid/x', suite: 's1', components: ['main'], signedBy: '/k2.gpg', architectures: undefined},
    {uri: 'http://b.invalid/x', suite: 's1-updates', components: ['main'], signedBy: '/k2.gpg', architectures: undefined},
  ])
})

test('Debian versions order like dpkg: epoch, upstream, revision, and ~ before anything', (t) => {
  t.true(compareDebianVersions('1:1.0-1', '2.0-1') > 0)
  t.true(compareDebianVersions('1.0~rc1-1', '1.0-1') < 0)
  t.true(compareDebianVersions('12.2.0-14+deb12u1', '12.2.0-14') > 0)
  t.true(compareDebianVersions('0.9.27+git20200814.62c30a4a-1', '0.9.27-1') > 0)
  t.is(compareDebianVersions('2.36-9', '2.36-9'), 0)
  t.is(upstreamVersion('1:0.9.27+git20200814.62c30a4a-1'), '0.9.27+git20200814.62c30a4a')
})

function ar(members: Array<[string, Buffer]>): Buffer {
  const parts = [Buffer.from('!<arch>\n')]
  for (const [name, data] of members) {
    parts.push(Buffer.from(`${name.padEnd(16)}${'0'.padEnd(12)}${'0'.padEnd(6)}${'0'.padEnd(6)}${'100644'.padEnd(8)}${String(data.length).padEnd(10)}\`\n`), data)
    if (data.length % 2) parts.push(Buffer.from('\n'))
  }
  return Buffer.concat(parts)
}

test('a .deb is unpacked from its data.tar member, through the secure extractor', async (t) => {
  const dir = tempDir()
  const deb = join(dir, 'x.deb')
  writeFileSync(deb, ar([['debian-binary', Buffer.from('2.0\n')], ['control.tar.gz', tarGz([{name: './control', body: 'Package: x\n'}])], ['data.tar.gz', tarGz([{name: './usr/bin/x', body: 'x', mode: 0o755}])]]))
  t.deepEqual([...arMembers(readFileSync(deb)).keys()], ['debian-binary', 'control.tar.gz', 'data.tar.gz'])
  mkdirSync(join(dir, 'root'))
  await unpackDeb(runtime, deb, join(dir, 'root'), join(dir, 'scratch.tar'), 'x.deb')
  t.is(readFileSync(join(dir, 'root/usr/bin/x'), 'utf8'), 'x')
})

test('a .deb whose data escapes the tree is refused, and a file that is not a .deb is invalid', async (t) => {
  const dir = tempDir()
  mkdirSync(join(dir, 'root'))
  const evil = join(dir, 'evil.deb')
  writeFileSync(evil, ar([['debian-binary', Buffer.from('2.0\n')], ['data.tar.gz', tarGz([{name: './etc/x', type: 'symlink', link: '/etc/passwd'}])]]))
  const unsafe = await t.throwsAsync(unpackDeb(runtime, evil, join(dir, 'root'), join(dir, 'scratch.tar'), 'evil.deb'))
  t.is((unsafe as any).code, 'ARCHIVE_UNSAFE')
  writeFileSync(join(dir, 'not.deb'), 'hello')
  const invalid = await t.throwsAsync(unpackDeb(runtime, join(dir, 'not.deb'), join(dir, 'root'), join(dir, 'scratch.tar'), 'not.deb'))
  t.is((invalid as any).code, 'ARCHIVE_INVALID')
})
