/**
 * .tck/state.json and reconfiguring: a build with nothing changed takes the configure from the
 * cache; an edited CMakeLists.txt or a changed setting reconfigures on the next build (a changed
 * setting from an empty CMake cache, --fresh), and `tck configure --check` says so beforehand.
 */
import test from 'ava'
import {appendFileSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {tck} from '../helpers/cli.js'
import {build, cmakeEnv, cmakeProject, lastOutcomes, run, writeConfig} from './helpers.js'

const check = (dir: string, env: NodeJS.ProcessEnv) => tck(['configure', '--check', '--json'], {cwd: dir, env})

test.serial('nothing changed: the configure and the unchanged targets come from the cache', async (t) => {
  const dir = cmakeProject({toolchain: 'system:gcc', launcher: 'none'})
  const env = cmakeEnv()
  t.is((await build(dir, env)).code, 0)
  t.is((await build(dir, env)).code, 0)
  t.is((await build(dir, env)).code, 0)
  const outcomes = lastOutcomes(dir)
  t.is(outcomes['cmake:configure'], 'cached')
  t.is(outcomes['cmake:target:hello'], 'cached')
  t.is(outcomes['cmake:build'], 'built', 'ninja always runs: it decides what is out of date')
  const state = JSON.parse(readFileSync(join(dir, '.tck/state.json'), 'utf8')).cmake
  t.is(state.configured.toolchain.family, 'gcc')
  t.is(state.configured.buildDir, 'build/tck')
  t.truthy(state.configured.files['greet/CMakeLists.txt'], 'every file CMake read is recorded')
  t.is((await check(dir, env)).code, 0)
})

test.serial('an edited CMakeLists.txt reconfigures; --check names it first', async (t) => {
  const dir = cmakeProject({toolchain: 'system:gcc', launcher: 'none'})
  const env = cmakeEnv()
  t.is((await build(dir, env)).code, 0)
  appendFileSync(join(dir, 'greet/CMakeLists.txt'), 'target_compile_definitions(greet PRIVATE EDITED=1)\n')
  const checked = await check(dir, env)
  t.is(checked.code, 1)
  t.deepEqual(JSON.parse(checked.stdout).reasons, ['greet/CMakeLists.txt changed'])
  t.is((await build(dir, env)).code, 0)
  t.is(lastOutcomes(dir)['cmake:configure'], 'built')
  t.is((await check(dir, env)).code, 0)
})

test.serial('a changed setting reconfigures from an empty CMake cache; so does another toolchain', async (t) => {
  const dir = cmakeProject({toolchain: 'system:gcc', launcher: 'none'})
  const env = cmakeEnv()
  t.is((await build(dir, env)).code, 0)
  // A value left in the cache by hand: a fresh configure forgets it.
  run('cmake', ['-DLEFT_BY_HAND=1', join(dir, 'build/tck')])
  writeConfig(dir, {toolchain: 'system:gcc', launcher: 'none', buildType: 'Release'})
  const checked = await check(dir, env)
  t.is(checked.code, 1)
  t.regex(JSON.parse(checked.stdout).reasons.join('\n'), /the configuration changed/)
  t.is((await build(dir, env)).code, 0)
  const cache = readFileSync(join(dir, 'build/tck/CMakeCache.txt'), 'utf8')
  t.regex(cache, /CMAKE_BUILD_TYPE:STRING=Release/)
  t.notRegex(cache, /LEFT_BY_HAND/)

  writeConfig(dir, {toolchain: 'system:clang', launcher: 'none', buildType: 'Release'})
  t.regex(JSON.parse((await check(dir, env)).stdout).reasons.join('\n'), /toolchain gcc \S+ \(x86_64-linux-gnu\) becomes clang/)
  t.is((await build(dir, env)).code, 0)
  t.regex(run(join(dir, 'build/tck/app/hello'), []), /\(clang /)
  t.is(JSON.parse(readFileSync(join(dir, '.tck/state.json'), 'utf8')).cmake.configured.toolchain.family, 'clang')
})
