/**
 * The toolchain file's flags in real builds: the linker by -fuse-ld= (lld, mold), libc++ with
 * clang, and sanitizers that really instrument the test (AddressSanitizer's runtime is linked).
 */
import test from 'ava'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {build, cmakeEnv, cmakeProject, needs, run} from './helpers.js'

// Each linker leaves its mark: lld and mold a .comment line, gold a note section of its own.
for (const [linker, debianPackage, readelf, mark] of [
  ['lld', 'lld', ['-p', '.comment'], /Linker: (Debian )?LLD/],
  ['mold', 'mold', ['-p', '.comment'], /mold/],
  ['gold', 'binutils', ['-W', '-S'], /\.note\.gnu\.gold-version/],
] as const) {
  test.serial(`linker ${linker}: the executables are linked by it`, async (t) => {
    needs(`ld.${linker}`, debianPackage)
    const dir = cmakeProject({toolchain: 'system:gcc', linker, launcher: 'none'})
    const result = await build(dir, cmakeEnv())
    t.is(result.code, 0, result.stderr)
    t.regex(run('readelf', [...readelf, join(dir, 'build/tck/app/hello')]), mark)
  })
}

test.serial('stdlib libc++ with clang: the program is built against libc++', async (t) => {
  needs('clang++', 'clang')
  try {
    run('sh', ['-c', 'echo "#include <string>" | clang++ -stdlib=libc++ -x c++ -fsyntax-only -'])
  } catch {
    t.fail('libc++ headers are not installed: apt-get install libc++-dev libc++abi-dev')
    return
  }
  const dir = cmakeProject({toolchain: 'system:clang', stdlib: 'libc++', launcher: 'none'})
  const result = await build(dir, cmakeEnv())
  t.is(result.code, 0, result.stderr)
  t.regex(run(join(dir, 'build/tck/app/hello'), []), /\(clang \d+\.\d+ libc\+\+ x86_64\)/)
})

test.serial('sanitizers address and undefined: the test runs instrumented', async (t) => {
  const dir = cmakeProject({toolchain: 'system:gcc', sanitizers: ['address', 'undefined'], launcher: 'none'})
  const result = await build(dir, cmakeEnv())
  t.is(result.code, 0, result.stderr)
  t.regex(run('ldd', [join(dir, 'build/tck/tests/greet_test')]), /libasan\.so/)
  t.regex(readFileSync(join(dir, 'build/tck/CMakeCache.txt'), 'utf8'), /CMAKE_CXX_FLAGS:STRING=-fsanitize=address,undefined -fno-omit-frame-pointer/)
})
