/**
 * pm-vcpkg: the fixture consumes an overlay port with local sources through tck — `vcpkg install`
 * in manifest mode as a task before the configure, with a triplet from the target that
 * chain-loads tck's toolchain file, and vcpkg.cmake loading tck's through
 * VCPKG_CHAINLOAD_TOOLCHAIN_FILE. A failed install shows vcpkg's error and the command.
 */
import test from 'ava'
import {cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {repoRoot, tck, tempDir} from '../helpers/cli.js'
import {build, cmakeEnv, fixture, lastOutcomes, run, writeConfig} from './helpers.js'

// VCPKG_BINARY_SOURCES=clear: no binary cache, so the port is really built.
const env = cmakeEnv({VCPKG_BINARY_SOURCES: 'clear'})

/** The app next to its overlay ports and the port's sources, as in the fixture. */
function vcpkgProject(): string {
  const dir = join(tempDir('tck-vcpkg-'), 'vcpkg')
  cpSync(fixture('vcpkg'), dir, {recursive: true})
  const app = join(dir, 'app')
  writeConfig(app, {toolchain: 'system:gcc', launcher: 'none'}, {plugins: {vcpkg: {overlayPorts: ['../ports']}}})
  return app
}

test.before(async () => {
  try {
    run('sh', ['-c', 'command -v vcpkg'])
  } catch {
    throw new Error('vcpkg is not on PATH (it is on no registry here): clone vcpkg and run its bootstrap-vcpkg.sh; .ci/run puts the shared tools directory on PATH')
  }
  const linked = await tck(['plugins', 'link', join(repoRoot, 'plugins', 'pm-vcpkg'), '--no-install'], {env})
  if (linked.code !== 0) throw new Error(`cannot link pm-vcpkg: ${linked.stderr}`)
})

test.serial('an overlay port with local sources is consumed by the fixture through tck build', async (t) => {
  const dir = vcpkgProject()
  const built = await build(dir, env)
  t.is(built.code, 0, built.stderr)
  const outcomes = lastOutcomes(dir)
  t.is(outcomes['cmake:vcpkg-install'], 'built')
  t.is(outcomes['cmake:test'], 'built')
  t.is(run(join(dir, 'build/tck/quiet_app'), ['VCPKG']), '(hello, vcpkg)\n')
  const cache = readFileSync(join(dir, 'build/tck/CMakeCache.txt'), 'utf8')
  t.regex(cache, /CMAKE_TOOLCHAIN_FILE:\w+=\S+\/scripts\/buildsystems\/vcpkg\.cmake/)
  t.regex(cache, /VCPKG_CHAINLOAD_TOOLCHAIN_FILE:\w+=\S+\/\.tck\/cmake\/toolchain-gcc-[^/]+\.cmake/)
  t.regex(cache, /VCPKG_TARGET_TRIPLET:\w+=x64-linux-tck/)
  const triplet = readFileSync(join(dir, '.tck/vcpkg/triplets/x64-linux-tck.cmake'), 'utf8')
  t.regex(triplet, /set\(VCPKG_CHAINLOAD_TOOLCHAIN_FILE "\S+\/\.tck\/cmake\/toolchain-gcc-\S+\.cmake"\)/)
  t.true(readFileSync(join(dir, 'build/tck/vcpkg_installed/x64-linux-tck/include/whisper.h'), 'utf8').includes('whisper('))

  const again = await build(dir, env)
  t.is(again.code, 0, again.stderr)
  t.is(lastOutcomes(dir)['cmake:vcpkg-install'], 'cached')
  t.is(lastOutcomes(dir)['cmake:configure'], 'cached', 'vcpkg.cmake was in the key from the first configure')
})

test.serial('a failed vcpkg install shows vcpkg\'s error and the command', async (t) => {
  const dir = vcpkgProject()
  writeFileSync(join(dir, 'vcpkg.json'), '{"name": "quiet-app", "version": "1.0", "dependencies": ["no-such-port"]}\n')
  const result = await build(dir, env)
  t.is(result.code, 1)
  t.regex(result.stderr, /task "cmake:vcpkg-install" exited with code 1/)
  t.regex(result.stderr, /no-such-port/)
  t.regex(result.stderr, /command \(in .*\): \S*vcpkg install --x-manifest-root=\. --x-install-root=build\/tck\/vcpkg_installed --triplet=x64-linux-tck/)
})

test.serial('no vcpkg on PATH: the message says how to get it', async (t) => {
  const dir = vcpkgProject()
  const bin = join(tempDir('tck-novcpkg-'), 'bin')
  mkdirSync(bin)
  for (const program of ['cmake', 'ctest', 'ninja', 'gcc', 'g++']) symlinkSync(run('sh', ['-c', `command -v ${program}`]).trim(), join(bin, program))
  const result = await build(dir, {...env, PATH: bin})
  t.is(result.code, 7)
  t.regex(result.stderr, /vcpkg\.json needs vcpkg, and vcpkg is not on PATH/)
  t.regex(result.stderr, /bootstrap-vcpkg\.sh/)
})
