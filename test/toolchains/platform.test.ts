import test from 'ava'
import {execFileSync} from 'node:child_process'
import {hostPlatform, parsePlatform, platformMatches} from '../../core/io/platform.js'

test('the host platform is os-arch-libc with the running glibc version, computed once', (t) => {
  const platform = hostPlatform()
  t.is(platform, hostPlatform(), 'one object per process')
  t.is(platform.id, `linux-${process.arch}-glibc`)
  // ldd prints the glibc version it belongs to, e.g. "ldd (Debian GLIBC 2.36-9+deb12u10) 2.36".
  const ldd = execFileSync('ldd', ['--version'], {encoding: 'utf8'}).split('\n')[0]
  t.true(ldd.endsWith(` ${platform.libcVersion}`), ldd)
})

test('metadata platforms match by os and arch, and by libc only when they name one', (t) => {
  const host = hostPlatform()
  t.true(platformMatches(`linux-${host.arch}`))
  t.true(platformMatches(`linux-${host.arch}-glibc`))
  t.false(platformMatches(`linux-${host.arch}-musl`))
  t.false(platformMatches('darwin-arm64'))
  t.deepEqual(parsePlatform('linux-arm64-musl'), {os: 'linux', arch: 'arm64', libc: 'musl'})
  t.is(parsePlatform('not a platform'), undefined)
})
