import test from 'ava'
import {join} from 'node:path'
import {loadMetadata, parseMetadata, releasesOf} from '../../core/toolchains/metadata.js'
import {repoRoot} from '../helpers/cli.js'

test('the bundled metadata files are valid and carry real LLVM and GCC releases with SHA-256s', async (t) => {
  const metadata = await loadMetadata([join(repoRoot, 'plugins/toolchain-http/data')])
  const releases = releasesOf(metadata)
  const llvm = releases.find((release) => release.name === 'llvm' && release.version === '18.1.8' && release.platform === 'linux-x64-glibc')
  t.is(llvm?.artifact.sha256, '54ec30358afcc9fb8aa74307db3046f5187f9fb89fb37064cdde906e062ebf36')
  t.deepEqual(llvm?.layout.compilers, {c: ['clang'], cxx: ['clang++']})
  t.truthy(releases.find((release) => release.name === 'gcc-aarch64-none-linux-gnu' && release.version === '13.2.1'))
  for (const release of releases) t.regex(release.artifact.sha256, /^[0-9a-f]{64}$/)
})

test('a metadata error names the file and the key', (t) => {
  const error = t.throws(() => parseMetadata(JSON.stringify({name: 'x', layout: {bin: 'bin', compilers: {}}, releases: [{version: '1', platforms: {'linux-x64': {urls: ['not a url'], sha256: 'a'.repeat(64)}}}]}), 'x.json'))
  t.is((error as any).code, 'TOOLCHAIN_INVALID')
  t.regex(error!.message, /^x\.json: releases\[0\]\.platforms\.linux-x64\.urls\[0\]: Invalid url/)
  t.regex(t.throws(() => parseMetadata('{', 'y.json'))!.message, /^y\.json: not valid JSON/)
})
