/** The pieces of `tck run` that need no compiler: parsing, params, argv, launch entry paths. */
import test from 'ava'
import {existsSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {parseDepfile} from '../../core/engine/reads.js'
import {runtime} from '../../core/runtime.js'
import {useApi} from '../../plugins/recipe-cscript/src/api.js'
import {splitRunArgv} from '../../plugins/recipe-cscript/src/argv.js'
import {configCandidates, launchEntryPath} from '../../plugins/recipe-cscript/src/launch.js'
import {expandParams, isDynamic, splitFlags} from '../../plugins/recipe-cscript/src/params.js'
import {parseScript, wrapInline} from '../../plugins/recipe-cscript/src/source.js'
import {tempDir} from '../helpers/cli.js'

useApi(runtime)

test('the shebang and the params line are blanked, so line numbers stay the user\'s', (t) => {
  const parsed = parseScript('/s/a.c', '#!/usr/bin/env -S tck run\n#define TCK_PARAMS "-O2 -DX=\\"y z\\""\nint main() {}\n')
  t.deepEqual(parsed.params, {name: 'TCK_PARAMS', raw: '-O2 -DX="y z"', line: 2})
  t.deepEqual(parsed.body.split('\n'), ['#line 1 "/s/a.c"', '', '', 'int main() {}', ''])
})

test('CRISPY_PARAMS is read too; a script without params has none', (t) => {
  t.is(parseScript('/a.c', '#define CRISPY_PARAMS "-lm"\n').params?.name, 'CRISPY_PARAMS')
  t.is(parseScript('/a.c', 'int main() { return 0; }\n').params, undefined)
  t.is(parseScript('/a "b".c', '').body, '#line 1 "/a \\"b\\".c"\n')
})

test('inline code is the body of main, after the usual and the asked-for headers', (t) => {
  const text = wrapInline('puts("x");', ['complex.h', '"mine.h"'])
  t.true(text.includes('#include <stdio.h>'))
  t.true(text.includes('#include <complex.h>'))
  t.true(text.includes('#include "mine.h"'))
  t.regex(text, /int main\(int argc, char \*\*argv\) \{[\s\S]*#line 1 "<inline>"\nputs\("x"\);/)
})

test('params expand as sh words; libraries are told apart from flags', async (t) => {
  const expanded = await expandParams('-O2 "-DA=b c" $(echo -lm) -L/opt/lib -pthread', {file: 'x.c', line: 1, name: 'TCK_PARAMS'}, '/')
  t.deepEqual(expanded.words, ['-O2', '-DA=b c', '-lm', '-L/opt/lib', '-pthread'])
  t.deepEqual(splitFlags(expanded.words), {flags: ['-O2', '-DA=b c', '-pthread'], libs: ['-lm', '-L/opt/lib', '-pthread']})
  t.true(isDynamic('$(pkg-config --libs x)'))
  t.false(isDynamic('-O2 "-DA=b"'))
})

test('an expansion error names the file and the line', async (t) => {
  const error = await t.throwsAsync(expandParams('"unterminated', {file: '/s/x.c', line: 3, name: 'TCK_PARAMS'}, '/'))
  t.regex(error!.message, /^\/s\/x\.c:3: cannot expand TCK_PARAMS/)
})

test('a depfile gives every file the compiler read, system headers included', (t) => {
  const deps = 'x.o: /tmp/s/x.c /usr/include/stdio.h inc/a\\ b.h \\\n /opt/q.h -\n'
  t.deepEqual(parseDepfile(deps, '/w'), ['/tmp/s/x.c', '/usr/include/stdio.h', '/w/inc/a b.h', '/opt/q.h'])
})

test('everything after the script belongs to the script', (t) => {
  t.deepEqual(splitRunArgv(['-n', 'a.c', '-n', '--gdb']), {flags: ['-n'], script: 'a.c', args: ['-n', '--gdb'], launcherFlagsOnly: false})
  t.deepEqual(splitRunArgv(['--compiler', 'clang', '--cache-dir=/c', 'a.c']), {flags: ['--compiler', 'clang', '--cache-dir=/c'], script: 'a.c', args: [], launcherFlagsOnly: true})
  t.deepEqual(splitRunArgv(['-i', 'puts("x");', 'arg']), {flags: ['-i', 'puts("x");'], args: ['arg'], launcherFlagsOnly: true})
  t.is(splitRunArgv(['-S', '-i', 'puts("x");']).launcherFlagsOnly, false)
  t.deepEqual(splitRunArgv(['-', 'x']), {flags: [], script: '-', args: ['x'], launcherFlagsOnly: true})
  t.deepEqual(splitRunArgv(['--', '-odd.c', 'x']), {flags: [], script: '-odd.c', args: ['x'], launcherFlagsOnly: true})
})

test('launch entries sit where the launcher looks, through `..` too', (t) => {
  const cache = tempDir('tck-launch-')
  t.is(launchEntryPath(cache, '/p/q', 'a.c'), `${cache}/p/q/a.c.sh`)
  t.is(launchEntryPath(cache, '/p/q', '/abs/b.c'), `${cache}/abs/b.c.sh`)
  t.is(launchEntryPath(cache, '/p/q', '../r/c.c'), `${cache}/p/r/c.c.sh`)
  t.true(existsSync(`${cache}/p/q`), 'the literal path resolves through the cache tree')
})

test('config candidates: the first directory up that holds any, package.json included', (t) => {
  const dir = tempDir('tck-config-')
  mkdirSync(join(dir, 'a', 'b'), {recursive: true})
  writeFileSync(join(dir, 'a', 'package.json'), '{}')
  writeFileSync(join(dir, 'a', 'tck.config.json'), '{}')
  t.deepEqual(configCandidates(join(dir, 'a', 'b')), [join(dir, 'a', 'package.json'), join(dir, 'a', 'tck.config.json')])
})
