/** Headers: every one the compiler read counts by content, and every place it looked before finding one. */
import test from 'ava'
import {readFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {builder, COMPILERS, compileAndLink, files, output, printValue, project} from './helpers.js'

for (const cc of COMPILERS) {
  test(`${cc}: a header in an -I directory edited rebuilds; its mtime alone does not`, async (t) => {
    const dir = project(compileAndLink(cc, ['-Iinc']), {'main.c': printValue('"value.h"'), 'inc/value.h': '#define VALUE 1\n'})
    const build = builder(dir)
    t.is((await build()).status.compile, 'built')
    t.is(output(join(dir, 'out/app')), '1\n')
    writeFileSync(join(dir, 'inc/value.h'), '#define VALUE 2\n')
    const edited = await build()
    t.is(edited.status.compile, 'built', 'the header is not a declared input: the compiler said it read it')
    t.is(output(join(dir, 'out/app')), '2\n')
    // A new mtime on the same content cannot change the object: a hit.
    const later = new Date(Date.now() + 5000)
    utimesSync(join(dir, 'inc/value.h'), later, later)
    t.is((await build()).status.compile, 'cached')
  })

  for (const [flags, depfile] of [[['-MD'], 'out/main.d'], [['-MD', '-MF', 'deps/main.dep'], 'deps/main.dep']] as const) {
    test(`${cc}: a compile that writes its own depfile (${flags.join(' ')}) is keyed by what it lists: an edited header rebuilds`, async (t) => {
      const tasks = compileAndLink(cc, [...flags, '-Iinc'])
      const dir = project({...tasks, compile: {...tasks.compile, outputs: ['out/main.o', depfile]}}, {'main.c': printValue('"value.h"'), 'inc/value.h': '#define VALUE 1\n', 'deps/.keep': ''})
      const build = builder(dir)
      t.is((await build()).status.compile, 'built')
      t.is((await build()).status.compile, 'cached')
      writeFileSync(join(dir, 'inc/value.h'), '#define VALUE 2\n')
      const edited = await build()
      t.is(edited.status.compile, 'built', edited.stderr)
      t.is(output(join(dir, 'out/app')), '2\n')
      t.regex(readFileSync(join(dir, depfile), 'utf8'), /inc\/value\.h/, 'the depfile is the command\'s own, where it wrote it')
    })
  }

  test(`${cc}: a header that appears earlier on the -I path shadows the old one and rebuilds`, async (t) => {
    const dir = project(compileAndLink(cc, ['-Ifirst', '-Isecond']), {'main.c': printValue('<value.h>'), 'second/value.h': '#define VALUE 2\n'})
    const build = builder(dir)
    await build()
    t.is(output(join(dir, 'out/app')), '2\n')
    files(dir, {'first/value.h': '#define VALUE 1\n'})
    t.is((await build()).status.compile, 'built')
    t.is(output(join(dir, 'out/app')), '1\n')
    rmSync(join(dir, 'first/value.h'))
    t.is((await build()).status.compile, 'cached', 'back to the first set of files: the first result again')
    t.is(output(join(dir, 'out/app')), '2\n')
  })

  test(`${cc}: a quoted include found next to the source wins over -I; a copy appearing there rebuilds`, async (t) => {
    const dir = project(compileAndLink(cc, ['-Iinc']), {'main.c': printValue('"sub/value.h"'), 'inc/sub/value.h': '#define VALUE 7\n'})
    const build = builder(dir)
    await build()
    t.is(output(join(dir, 'out/app')), '7\n')
    files(dir, {'sub/value.h': '#define VALUE 8\n'})
    t.is((await build()).status.compile, 'built')
    t.is(output(join(dir, 'out/app')), '8\n')
  })

  test(`${cc}: an unrelated file added to a searched directory changes nothing`, async (t) => {
    const dir = project(compileAndLink(cc, ['-Ifirst', '-Isecond']), {'main.c': printValue('<value.h>'), 'second/value.h': '#define VALUE 2\n'})
    const build = builder(dir)
    await build()
    files(dir, {'first/other.h': '#define OTHER 1\n'})
    t.is((await build()).status.compile, 'cached', 'no name the compiler looked for appeared')
  })

  test(`${cc}: a __has_include that now finds the header rebuilds`, async (t) => {
    const source = '#include <stdio.h>\n#if __has_include(<extra.h>)\n#include <extra.h>\n#else\n#define VALUE 0\n#endif\nint main(void) { printf("%d\\n", VALUE); return 0; }\n'
    const dir = project(compileAndLink(cc, ['-Iinc']), {'main.c': source, 'inc/.keep': ''})
    const build = builder(dir)
    await build()
    t.is(output(join(dir, 'out/app')), '0\n')
    files(dir, {'inc/extra.h': '#define VALUE 5\n'})
    t.is((await build()).status.compile, 'built')
    t.is(output(join(dir, 'out/app')), '5\n')
  })
}

test('gcc: a file that inline assembly embeds with .incbin, changed, rebuilds', async (t) => {
  const main = '__asm__(".section .rodata\\n.global blob\\nblob:\\n.incbin \\"blob.txt\\"\\n.byte 0\\n.text\\n");\nextern const char blob[];\n#include <stdio.h>\nint main(void) { fputs(blob, stdout); return 0; }\n'
  const dir = project(compileAndLink('gcc'), {'main.c': main, 'blob.txt': 'one\n'})
  const build = builder(dir)
  t.is((await build()).status.compile, 'built')
  t.is(output(join(dir, 'out/app')), 'one\n')
  t.is((await build()).status.compile, 'cached')
  writeFileSync(join(dir, 'blob.txt'), 'two\n')
  const changed = await build()
  t.is(changed.status.compile, 'built', 'no preprocessor depfile names it: the assembler said it read it')
  t.is(output(join(dir, 'out/app')), 'two\n')
})
