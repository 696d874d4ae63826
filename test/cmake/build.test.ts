/**
 * End to end with real CMake: the fixture (a library, an executable, a test) configures, builds and
 * passes ctest through `tck configure && tck build` with gcc and clang, Ninja and Make; the tck
 * preset then builds it again with plain cmake, without tck.
 */
import test from 'ava'
import {readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'
import {tck} from '../helpers/cli.js'
import {build, cmakeEnv, cmakeProject, lastOutcomes, needs, run} from './helpers.js'

const combinations = [
  {toolchain: 'system:gcc', generator: 'Ninja', compiler: /^gcc \d+/},
  {toolchain: 'system:clang', generator: 'Ninja', compiler: /^clang \d+/},
  {toolchain: 'system:gcc', generator: 'Unix Makefiles', compiler: /^gcc \d+/},
  {toolchain: 'system:clang', generator: 'Unix Makefiles', compiler: /^clang \d+/},
]

test.before(() => {
  needs('cmake', 'cmake')
  needs('ninja', 'ninja-build')
  needs('make', 'make')
  needs('g++', 'g++')
  needs('clang++', 'clang')
})

for (const {toolchain, generator, compiler} of combinations) {
  test.serial(`${toolchain} with ${generator}: tck configure && tck build configures, builds and passes ctest`, async (t) => {
    const dir = cmakeProject({toolchain, generator, launcher: 'none'})
    const env = cmakeEnv()
    const configured = await tck(['configure', '--json'], {cwd: dir, env, timeoutMs: 300_000})
    t.is(configured.code, 0, configured.stderr)
    const info = JSON.parse(configured.stdout)
    t.is(info.generator, generator)
    t.is(info.status, 'built')
    const built = await build(dir, env)
    t.is(built.code, 0, built.stderr)
    t.regex(built.stderr, /cached\s+cmake:configure/, 'configured once, by tck configure')
    t.regex(built.stderr, /built\s+cmake:test/)
    const outcomes = lastOutcomes(dir)
    t.is(outcomes['cmake:build'], 'built')
    t.is(outcomes['cmake:test'], 'built', 'ctest passed')
    const hello = run(join(dir, 'build/tck/app/hello'), ['tck'])
    t.regex(hello, /^Hello, tck! \((gcc|clang) \d+\.\d+ libstdc\+\+ x86_64\)\n$/)
    t.regex(hello.split('(')[1], compiler)
    const cache = readFileSync(join(dir, 'build/tck/CMakeCache.txt'), 'utf8')
    t.regex(cache, new RegExp(`CMAKE_GENERATOR:INTERNAL=${generator}`))
  })
}

test.serial('cmake --preset tck builds and tests the project without tck', async (t) => {
  const dir = cmakeProject({toolchain: 'system:clang', launcher: 'none', buildType: 'Release'})
  const env = cmakeEnv()
  const configured = await tck(['configure'], {cwd: dir, env, timeoutMs: 300_000})
  t.is(configured.code, 0, configured.stderr)
  rmSync(join(dir, 'build'), {recursive: true, force: true})
  // Plain CMake from here on: tck is not on PATH and does not run.
  run('cmake', ['--preset', 'tck'], {cwd: dir})
  run('cmake', ['--build', '--preset', 'tck'], {cwd: dir})
  t.regex(run('ctest', ['--preset', 'tck'], {cwd: dir}), /100% tests passed, 0 tests failed out of 1/)
  t.regex(run(join(dir, 'build/tck/app/hello'), []), /^Hello, world! \(clang /)
  t.regex(readFileSync(join(dir, 'build/tck/CMakeCache.txt'), 'utf8'), /CMAKE_BUILD_TYPE:STRING=Release/)
})

test.serial('CMake targets are tasks: tck query shows them and the dependencies between them', async (t) => {
  const dir = cmakeProject({toolchain: 'system:gcc', launcher: 'none'})
  const env = cmakeEnv()
  t.is((await build(dir, env)).code, 0)
  const query = await tck(['query', 'kind(cmake_target, *)', '--json'], {cwd: dir, env})
  t.is(query.code, 0, query.stderr)
  const {tasks} = JSON.parse(query.stdout) as {tasks: Array<{id: string; deps: string[]; attrs: Record<string, string>}>}
  const byId = Object.fromEntries(tasks.map((task) => [task.id, task]))
  t.deepEqual(Object.keys(byId).sort(), ['cmake:target:greet', 'cmake:target:greet_test', 'cmake:target:hello'])
  t.deepEqual(byId['cmake:target:hello'].deps.sort(), ['cmake:build', 'cmake:target:greet'])
  t.is(byId['cmake:target:greet'].attrs.type, 'STATIC_LIBRARY')
  t.is(byId['cmake:target:hello'].attrs.type, 'EXECUTABLE')
  const paths = await tck(['query', 'allpaths(cmake:target:hello, cmake:configure)'], {cwd: dir, env})
  t.deepEqual(paths.stdout.trim().split('\n'), ['cmake:configure', 'cmake:build', 'cmake:target:greet', 'cmake:target:hello'])
})

test.serial('the report shows each compile and link step from .ninja_log under cmake:build', async (t) => {
  const dir = cmakeProject({toolchain: 'system:gcc', launcher: 'none', generator: 'Ninja'})
  const env = cmakeEnv()
  t.is((await build(dir, env)).code, 0)
  const report = JSON.parse(readFileSync(join(dir, '.tck/reports/latest.json'), 'utf8'))
  const task = report.tasks.find((entry: {id: string}) => entry.id === 'cmake:build')
  const steps = task.steps as Array<{name: string; group?: string; startedAt: number; endedAt: number}>
  const names = steps.map((step) => step.name)
  for (const object of ['greet/CMakeFiles/greet.dir/greet.cpp.o', 'app/CMakeFiles/hello.dir/main.cpp.o', 'tests/CMakeFiles/greet_test.dir/greet_test.cpp.o']) t.true(names.includes(object), object)
  t.true(names.includes('app/hello') && names.includes('greet/libgreet.a'), 'link steps')
  t.is(steps.find((step) => step.name === 'greet/libgreet.a')?.group, 'greet')
  for (const step of steps) t.true(step.startedAt >= task.startedAt && step.endedAt <= task.endedAt && step.startedAt <= step.endedAt, step.name)
  const html = readFileSync(join(dir, '.tck/reports/latest.html'), 'utf8')
  t.true(html.includes('step-lane'))
})
