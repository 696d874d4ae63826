/**
 * The preprocessor's clock: a compile whose source uses __TIME__ (or __DATE__, __TIMESTAMP__) gives
 * another object at another moment, so no earlier result is what a fresh run would give — unless
 * SOURCE_DATE_EPOCH, which is in the key, pins the clock.
 */
import test from 'ava'
import {join} from 'node:path'
import {writeFileSync} from 'node:fs'
import {tempDir} from '../helpers/cli.js'
import {scriptEnv, tckRun} from '../scripts/helpers.js'
import {builder, compileAndLink, output, project} from './helpers.js'

const printsTime = '#include <stdio.h>\nint main(void) { puts(__TIME__); return 0; }\n'

test('gcc: a compile whose source uses __TIME__ runs again every build; pinned by SOURCE_DATE_EPOCH it is cached', async (t) => {
  const dir = project(compileAndLink('gcc'), {'main.c': printsTime})
  const build = builder(dir)
  t.is((await build()).status.compile, 'built')
  const again = await build()
  t.is(again.status.compile, 'built', 'a hit would print the time of the first build')
  t.regex(output(join(dir, 'out/app')), /^\d\d:\d\d:\d\d\n$/)

  const tasks = compileAndLink('gcc')
  const pinned = project({...tasks, compile: {...tasks.compile, env: {SOURCE_DATE_EPOCH: '0'}}}, {'main.c': printsTime})
  const buildPinned = builder(pinned)
  t.is((await buildPinned()).status.compile, 'built')
  t.is((await buildPinned()).status.compile, 'cached')
  t.is(output(join(pinned, 'out/app')), '00:00:00\n')
})

test('gcc: a __TIME__ in a header the source includes counts too; in a comment word or a longer name it does not', async (t) => {
  const dir = project(compileAndLink('gcc', ['-Iinc']), {
    'main.c': '#include <stdio.h>\n#include "stamp.h"\nint main(void) { puts(STAMP); return 0; }\n',
    'inc/stamp.h': '#define STAMP "v1" /* not MY__TIME__X */\n',
  })
  const build = builder(dir)
  t.is((await build()).status.compile, 'built')
  t.is((await build()).status.compile, 'cached')
  writeFileSync(join(dir, 'inc/stamp.h'), '#define STAMP __TIME__\n')
  t.is((await build()).status.compile, 'built')
  t.is((await build()).status.compile, 'built')
})

test('tck run: a script that prints __TIME__ is compiled on every run, never launched from the cache', async (t) => {
  const dir = tempDir('tck-clock-')
  writeFileSync(join(dir, 'now.c'), printsTime)
  const env = scriptEnv()
  for (let run = 0; run < 2; run++) {
    const result = await tckRun(['run', 'now.c'], {cwd: dir, env: {...env, TCK_DEBUG: '1'}})
    t.is(result.code, 0, result.stderr)
    t.regex(result.stdout, /^\d\d:\d\d:\d\d\n$/)
    t.regex(result.stderr, /launcher: no launch entry/, 'the launcher never serves it')
    t.notRegex(result.stderr, /\bcached\b.*now:compile/)
  }
})
