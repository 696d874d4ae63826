import test from 'ava'
import {execFileSync} from 'node:child_process'
import {join} from 'node:path'
import type {Compiler} from '../../core/contracts/compiler.js'
import {runtime} from '../../core/runtime.js'
import {bestSystemToolchain, detectSystemToolchains as detectWith} from '../../core/toolchains/detect.js'
import {repoRoot} from '../helpers/cli.js'

/** The compiler plugins, as a host registers them: system toolchains are found by asking them. */
async function compilerPlugins(): Promise<Compiler[]> {
  return Promise.all(['gcc', 'clang', 'tcc'].map(async (name) => {
    const {default: register} = await import(join(repoRoot, 'plugins', `compiler-${name}`, 'dist', 'register.js'))
    let compiler: Compiler | undefined
    register({registries: {compiler: {register: (provider: Compiler) => (compiler = provider)}}, api: runtime})
    return compiler!
  }))
}
const detectSystemToolchains = async () => detectWith(await compilerPlugins())
import {requireProgram} from '../helpers/programs.js'

const version = (program: string, args: string[]) => execFileSync(program, args, {encoding: 'utf8'})

test('gcc, clang and tcc on this machine are found with their versions and targets', async (t) => {
  if (!requireProgram(t, 'gcc', 'gcc', ['clang', 'clang'], ['tcc', 'tcc'])) return
  const found = await detectSystemToolchains()
  const gcc = found.find((toolchain) => toolchain.c === '/usr/bin/gcc')
  t.is(gcc?.version, version('gcc', ['-dumpfullversion', '-dumpversion']).trim())
  t.is(gcc?.target, version('gcc', ['-dumpmachine']).trim())
  t.is(gcc?.cxx, '/usr/bin/g++')
  const clang = found.find((toolchain) => toolchain.family === 'clang' && toolchain.target.startsWith('x86_64'))
  t.truthy(clang)
  t.true(version(clang!.c, ['--version']).includes(`clang version ${clang!.version}`))
  const tcc = found.find((toolchain) => toolchain.c === '/usr/bin/tcc')
  t.regex(tcc?.version ?? '', /^0\.9\.\d+$/)
  t.is(tcc?.cxx, undefined)
  const cross = found.find((toolchain) => toolchain.c === '/usr/bin/aarch64-linux-gnu-gcc')
  t.is(cross?.target, 'aarch64-linux-gnu', 'cross compilers are found with their target')
})

test('the best toolchain targets this machine, has C++, and prefers gcc, then the newest', async (t) => {
  const found = await detectSystemToolchains()
  const best = bestSystemToolchain(found)
  t.is(best?.family, 'gcc')
  t.true(best?.target.startsWith('x86_64'))
  t.is(bestSystemToolchain(found, {target: 'aarch64-linux-gnu'})?.c, '/usr/bin/aarch64-linux-gnu-gcc')
  const onlyTcc = found.filter((toolchain) => toolchain.family === 'tcc')
  t.is(bestSystemToolchain(onlyTcc, {cxx: true}), undefined, 'tcc has no C++ compiler')
  t.is(bestSystemToolchain([...onlyTcc, {family: 'clang', version: '99.0.0', target: 'x86_64-pc-linux-gnu', c: '/x/clang'}])?.family, 'clang')
})
