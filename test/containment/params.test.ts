import test from 'ava'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tck} from '../helpers/cli.js'
import {cleanup, env, scratch} from './helpers.js'

test.after.always(cleanup)

test('a TCK_PARAMS line with a NUL byte is a script error naming the line, not a Node argument error', async (t) => {
  const dir = scratch('tck-params-')
  writeFileSync(join(dir, 'x.c'), '#include <stdio.h>\n#define TCK_PARAMS "-O2 \0 -g"\nint main(void) { return 0; }\n')
  const result = await tck(['run', 'x.c'], {cwd: dir, env: env()})
  t.is(result.code, 2, result.stderr)
  t.regex(result.stderr, /x\.c:2: TCK_PARAMS has a NUL byte/)
  t.notRegex(result.stderr, /ERR_INVALID_ARG_VALUE/)
})
