/**
 * pm-conan: the fixture consumes a package that the test makes with `conan create` from a local
 * recipe, through tck — a profile from tck's toolchain, `conan install` as a task before the
 * configure, conan_toolchain.cmake chained from tck's toolchain file. A failed install shows
 * Conan's own error and the command; no conan on PATH says how to get it.
 */
import test from 'ava'
import {execFileSync} from 'node:child_process'
import {cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {repoRoot, tck, tempDir} from '../helpers/cli.js'
import {build, cmakeEnv, cmakeProject, fixture, lastOutcomes, run} from './helpers.js'

function conanOnPath(): string {
  try {
    return run('sh', ['-c', 'command -v conan']).trim()
  } catch {
    throw new Error('conan is not on PATH (it is on no registry here): `pip install conan` for Conan 2; .ci/run puts the shared tools directory on PATH')
  }
}

const env = cmakeEnv({CONAN_HOME: join(tempDir('tck-conan-'), 'home')})
const conan = (args: string[], cwd?: string) => execFileSync('conan', args, {cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})

test.before(async () => {
  conanOnPath()
  conan(['profile', 'detect'])
  // The center is out of reach here: packages come from the local recipe only.
  conan(['remote', 'disable', 'conancenter'])
  const recipe = join(tempDir('tck-conan-recipe-'), 'shout')
  cpSync(fixture('conan/shout'), recipe, {recursive: true})
  conan(['create', '.', '--build=missing'], recipe)
  const linked = await tck(['plugins', 'link', join(repoRoot, 'plugins', 'pm-conan'), '--no-install'], {env})
  if (linked.code !== 0) throw new Error(`cannot link pm-conan: ${linked.stderr}`)
})

test.serial('a Conan package made by conan create is consumed by the fixture through tck build', async (t) => {
  const dir = cmakeProject({toolchain: 'system:gcc', launcher: 'none'}, {name: 'conan/app'})
  const built = await build(dir, env)
  t.is(built.code, 0, built.stderr)
  const outcomes = lastOutcomes(dir)
  t.is(outcomes['cmake:conan-install'], 'built')
  t.is(outcomes['cmake:test'], 'built')
  t.is(run(join(dir, 'build/tck/loud_app'), ['tck']), 'HELLO, TCK!\n')
  const profile = readFileSync(join(dir, '.tck/conan', run('ls', [join(dir, '.tck/conan')]).trim().split('\n')[0]), 'utf8')
  t.regex(profile, /compiler=gcc\ncompiler\.version=\d+\ncompiler\.libcxx=libstdc\+\+11\nbuild_type=Debug/)
  t.regex(profile, /tools\.build:compiler_executables=\{"c":"\/usr\/bin\/gcc","cpp":"\/usr\/bin\/g\+\+"\}/)
  const toolchainFile = readFileSync(join(dir, '.tck/cmake', run('ls', [join(dir, '.tck/cmake')]).split('\n').find((name) => name.startsWith('toolchain-'))!), 'utf8')
  t.regex(toolchainFile, /include\(".*\/build\/tck\/conan\/conan_toolchain\.cmake"\)/)

  const again = await build(dir, env)
  t.is(again.code, 0, again.stderr)
  t.is(lastOutcomes(dir)['cmake:conan-install'], 'cached', 'nothing changed: conan install does not run again')
})

test.serial('a failed conan install shows Conan\'s error and the command', async (t) => {
  const dir = cmakeProject({toolchain: 'system:gcc', launcher: 'none'}, {name: 'conan/app'})
  writeFileSync(join(dir, 'conanfile.txt'), '[requires]\nnowhere/9.9\n\n[generators]\nCMakeDeps\n')
  const result = await build(dir, env)
  t.is(result.code, 1)
  t.regex(result.stderr, /task "cmake:conan-install" exited with code 1/)
  t.regex(result.stderr, /nowhere\/9\.9/)
  t.regex(result.stderr, /command \(in .*\): \S*conan install \. --output-folder=build\/tck\/conan/)
})

test.serial('no conan on PATH: the message says how to get it', async (t) => {
  const dir = cmakeProject({toolchain: 'system:gcc', launcher: 'none'}, {name: 'conan/app'})
  const bin = join(tempDir('tck-noconan-'), 'bin')
  mkdirSync(bin)
  for (const program of ['cmake', 'ctest', 'ninja', 'gcc', 'g++']) symlinkSync(run('sh', ['-c', `command -v ${program}`]).trim(), join(bin, program))
  const result = await build(dir, {...env, PATH: bin})
  t.is(result.code, 7)
  t.regex(result.stderr, /conanfile\.txt needs Conan 2, and conan is not on PATH/)
  t.regex(result.stderr, /pip install conan/)
})
