/**
 * A CMake project with nothing changed: `tck configure` and `tck build` through the front door
 * (bin/tck) are answered from their no-change records without starting Node; `cmake --build` and
 * `ctest` run again exactly as the engine ran them. Anything the record covers that changed — a
 * source or header Ninja's deps log lists, a CMake file, a new file in a project directory, a
 * setting — goes to Node, and so does a replayed task that fails.
 */
import test from 'ava'
import {appendFileSync, mkdirSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {setTimeout as sleep} from 'node:timers/promises'
import {join} from 'node:path'
import {tckFront, tempDir} from '../helpers/cli.js'
import {cmakeEnv, cmakeProject, writeConfig} from './helpers.js'

const SERVED = /tck:debug no-change check: nothing changed since the last build/

const front = (dir: string, env: NodeJS.ProcessEnv, args: string[]) => tckFront(args, {cwd: dir, env: {...env, TCK_DEBUG: '1'}, timeoutMs: 300_000})

/** Runs configure and build until both are answered from their records (a file written a moment before a record is not vouched for by stat data: then it waits). */
async function settle(dir: string, env: NodeJS.ProcessEnv): Promise<{configure: string; build: string}> {
  for (let round = 0; round < 6; round++) {
    const configure = await front(dir, env, ['configure'])
    const build = await front(dir, env, ['build', '--progress', 'plain'])
    if (configure.code !== 0 || build.code !== 0) throw new Error(`${configure.stderr}\n${build.stderr}`)
    if (SERVED.test(configure.stderr) && SERVED.test(build.stderr)) return {configure: configure.stdout, build: build.stderr}
    await sleep(2100)
  }
  throw new Error('the no-change records were never written')
}

test.serial('nothing changed: configure and build are answered without Node, and ninja and ctest run again', async (t) => {
  const dir = cmakeProject({toolchain: 'system:gcc', launcher: 'none'})
  const env = cmakeEnv()
  const first = await front(dir, env, ['configure'])
  t.regex(first.stdout, /^configured: build\/tck with gcc/)
  const served = await settle(dir, env)
  t.regex(served.configure, /^up to date: build\/tck with gcc [\d.]+ \(system\)/, 'the verdict Node gave, word for word')
  t.regex(served.build, /\[\d\/6\] built +cmake:build \(\d+ ms\)/)
  t.regex(served.build, /\[\d\/6\] cached +cmake:target:hello \(0 ms\)/)
  t.regex(served.build, /build finished in \d+ ms: 2 built, 4 cached/)
  const testLog = join(dir, 'build/tck/Testing/Temporary/LastTest.log')
  const before = statSync(testLog).mtimeMs
  const again = await front(dir, env, ['build', '--progress', 'none'])
  t.regex(again.stderr, SERVED)
  t.true(statSync(testLog).mtimeMs > before, 'ctest ran again')
})

test.serial('an edited source, a CMake file, a new file in a project directory and a setting each go to Node', async (t) => {
  const dir = cmakeProject({toolchain: 'system:gcc', launcher: 'none'})
  const env = cmakeEnv()
  await settle(dir, env)
  appendFileSync(join(dir, 'greet/greet.cpp'), 'int tck_edited() { return 1; }\n')
  const edited = await front(dir, env, ['build', '--progress', 'plain'])
  t.regex(edited.stderr, /no-change check: .*greet\/greet\.cpp changed; building/, 'seen from Ninja\'s deps log, before ninja runs')
  t.regex(edited.stderr, /built +cmake:target:greet/)

  await settle(dir, env)
  appendFileSync(join(dir, 'greet/CMakeLists.txt'), '# edited\n')
  t.regex((await front(dir, env, ['configure'])).stderr, /greet\/CMakeLists\.txt changed; building/)

  await settle(dir, env)
  writeFileSync(join(dir, 'greet', 'more.cmake'), '# a new CMake file\n')
  t.regex((await front(dir, env, ['build', '--progress', 'plain'])).stderr, /\/greet changed; building|\/greet lists other files; building/)

  await settle(dir, env)
  writeConfig(dir, {toolchain: 'system:gcc', launcher: 'none', buildType: 'Release'})
  const reconfigured = await front(dir, env, ['configure'])
  t.regex(reconfigured.stderr, /tck\.config\.json changed; building/)
  t.regex(reconfigured.stdout, /^configured:/)
})

test.serial('a replayed test that fails goes to Node, which reports the failure', async (t) => {
  const dir = cmakeProject({toolchain: 'system:gcc', launcher: 'none'})
  const outside = tempDir('tck-cmake-flag-')
  mkdirSync(join(outside, 'flags'))
  const flag = join(outside, 'flags', 'fail')
  // A test whose result depends on a file nothing declares: the record cannot see it, only the test's run can.
  appendFileSync(join(dir, 'CMakeLists.txt'), `add_test(NAME outside COMMAND sh -c "test ! -e ${flag}")\n`)
  const env = cmakeEnv()
  await settle(dir, env)
  writeFileSync(flag, '')
  const failed = await front(dir, env, ['build', '--progress', 'plain'])
  t.regex(failed.stderr, /no-change check: a task failed when run again; building/)
  t.not(failed.code, 0)
  t.regex(failed.stderr, /failed +cmake:test/)
  t.regex(readFileSync(join(dir, 'build/tck/Testing/Temporary/LastTest.log'), 'utf8'), /outside/)
})
