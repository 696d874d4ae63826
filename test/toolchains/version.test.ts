import test from 'ava'
import {compareVersions, matchesRange, parseToolchainSpec, pickVersion} from '../../core/toolchains/version.js'

const versions = ['17.0.6', '18.1.0', '18.1.8', '18.2.0-rc1', '9.0.1']

test('latest, major, major.minor and exact ranges pick the newest match', (t) => {
  t.is(pickVersion(versions, 'latest'), '18.1.8', 'latest skips a pre-release when a release exists')
  t.is(pickVersion(versions, '18'), '18.2.0-rc1', 'an explicit major takes what it matches')
  t.is(pickVersion(versions, '18.1'), '18.1.8')
  t.is(pickVersion(versions, '18.1.0'), '18.1.0')
  t.is(pickVersion(versions, '17'), '17.0.6')
  t.is(pickVersion(versions, '1'), undefined, '"1" does not match 17 or 18: components match whole')
  t.is(pickVersion(['0.12.0-dev.1286', '0.11.0-dev.4004'], 'latest'), '0.12.0-dev.1286', 'only pre-releases: the newest')
})

test('versions compare numerically, a release after its pre-releases, build metadata ignored', (t) => {
  t.true(compareVersions('9.0.1', '17.0.6') < 0)
  t.true(compareVersions('18.2.0-rc1', '18.2.0') < 0)
  t.true(compareVersions('0.12.0-dev.1286', '0.12.0-dev.999') > 0)
  t.is(compareVersions('0.9.27+git20200814', '0.9.27'), 0)
  t.true(matchesRange('0.9.27+git20200814.62c30a4a', '0.9'))
})

test('specs name an optional source, a name and an optional range', (t) => {
  t.deepEqual(parseToolchainSpec('llvm@18'), {source: undefined, name: 'llvm', range: '18'})
  t.deepEqual(parseToolchainSpec('npm:zig'), {source: 'npm', name: 'zig', range: 'latest'})
  t.deepEqual(parseToolchainSpec('debian:tcc@0.9.27'), {source: 'debian', name: 'tcc', range: '0.9.27'})
})
