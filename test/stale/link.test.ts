/** Link inputs: libraries found by -l and -L, static archives, linker scripts and response files. */
import test from 'ava'
import {execFileSync} from 'node:child_process'
import {mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {builder, COMPILERS, compileAndLink, files, output, project} from './helpers.js'

const main = 'int value(void);\n#include <stdio.h>\nint main(void) { printf("%d\\n", value()); return 0; }\n'

/** A static library made outside tck, as a prebuilt dependency would be: `ar` over a real object. */
function archive(cc: string, dir: string, value: number, name = 'libvalue.a'): void {
  mkdirSync(dir, {recursive: true})
  writeFileSync(join(dir, 'value.c'), `int value(void) { return ${value}; }\n`)
  execFileSync(cc, ['-c', join(dir, 'value.c'), '-o', join(dir, 'value.o')])
  rmSync(join(dir, name), {force: true})
  execFileSync('ar', ['rcs', join(dir, name), join(dir, 'value.o')])
}

for (const cc of COMPILERS) {
  test(`${cc}: a static library given with -L -l, rebuilt, relinks`, async (t) => {
    const dir = project(compileAndLink(cc, [], ['-Llib', '-lvalue']), {'main.c': main})
    archive(cc, join(dir, 'lib'), 1)
    const build = builder(dir)
    await build()
    t.is(output(join(dir, 'out/app')), '1\n')
    archive(cc, join(dir, 'lib'), 2)
    const rebuilt = await build()
    t.is(rebuilt.status.link, 'built', 'the archive is no declared input: the linker said it read it')
    t.is(rebuilt.status.compile, 'cached')
    t.is(output(join(dir, 'out/app')), '2\n')
  })

  test(`${cc}: a library appearing in an earlier -L directory relinks`, async (t) => {
    const dir = project(compileAndLink(cc, [], ['-Lfirst', '-Lsecond', '-lvalue']), {'main.c': main})
    archive(cc, join(dir, 'second'), 2)
    const build = builder(dir)
    await build()
    t.is(output(join(dir, 'out/app')), '2\n')
    archive(cc, join(dir, 'first'), 1)
    t.is((await build()).status.link, 'built')
    t.is(output(join(dir, 'out/app')), '1\n')
  })

  test(`${cc}: the archive behind a linker script changed relinks`, async (t) => {
    const dir = project(compileAndLink(cc, [], ['-Llib', '-lvalue']), {'main.c': main, 'lib/libvalue.so': 'INPUT(libreal.a)\n'})
    archive(cc, join(dir, 'lib'), 1, 'libreal.a')
    const build = builder(dir)
    await build()
    t.is(output(join(dir, 'out/app')), '1\n')
    archive(cc, join(dir, 'lib'), 4, 'libreal.a')
    t.is((await build()).status.link, 'built')
    t.is(output(join(dir, 'out/app')), '4\n')
  })

  test(`${cc}: a response file @opts.rsp changed recompiles`, async (t) => {
    const dir = project(
      {compile: {run: [cc, '@opts.rsp', '-c', 'main.c', '-o', 'out/main.o'], inputs: ['main.c'], outputs: ['out/main.o'], kind: 'compile'},
        link: {run: [cc, 'out/main.o', '-o', 'out/app'], deps: ['compile'], outputs: ['out/app']}},
      {'main.c': '#include <stdio.h>\nint main(void) { printf("%d\\n", VALUE); return 0; }\n', 'opts.rsp': '-DVALUE=1\n'},
    )
    const build = builder(dir)
    await build()
    t.is(output(join(dir, 'out/app')), '1\n')
    files(dir, {'opts.rsp': '-DVALUE=2\n'})
    t.is((await build()).status.compile, 'built')
    t.is(output(join(dir, 'out/app')), '2\n')
  })
}
