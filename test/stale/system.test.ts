/**
 * System headers count like any other: no blanket exclusion of /usr. These tests write a
 * uniquely named header under /usr/local/include and /usr/include (as root, which CI is) and
 * remove it afterwards.
 */
import test from 'ava'
import {randomBytes} from 'node:crypto'
import {accessSync, constants, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {builder, COMPILERS, compileAndLink, output, printValue, project} from './helpers.js'

function systemHeader(t: import('ava').ExecutionContext, dir: string): {name: string; path: string} {
  try {
    accessSync(dir, constants.W_OK)
  } catch {
    t.fail(`${dir} is not writable: run the staleness tests as root (CI does)`)
  }
  const name = `tck-stale-${randomBytes(6).toString('hex')}.h`
  const path = join(dir, name)
  t.teardown(() => rmSync(path, {force: true}))
  return {name, path}
}

for (const cc of COMPILERS) {
  test(`${cc}: a header under /usr/local/include edited rebuilds`, async (t) => {
    const header = systemHeader(t, '/usr/local/include')
    writeFileSync(header.path, '#define VALUE 1\n')
    const dir = project(compileAndLink(cc), {'main.c': printValue(`<${header.name}>`)})
    const build = builder(dir)
    await build()
    t.is(output(join(dir, 'out/app')), '1\n')
    writeFileSync(header.path, '#define VALUE 2\n')
    t.is((await build()).status.compile, 'built')
    t.is(output(join(dir, 'out/app')), '2\n')
  })

  test(`${cc}: a header in /usr/local/include that shadows one in /usr/include rebuilds`, async (t) => {
    const low = systemHeader(t, '/usr/include')
    writeFileSync(low.path, '#define VALUE 1\n')
    const high = join('/usr/local/include', low.name)
    t.teardown(() => rmSync(high, {force: true}))
    const dir = project(compileAndLink(cc), {'main.c': printValue(`<${low.name}>`)})
    const build = builder(dir)
    await build()
    t.is(output(join(dir, 'out/app')), '1\n')
    writeFileSync(high, '#define VALUE 3\n')
    t.is((await build()).status.compile, 'built', '/usr/local/include comes first on the default search path')
    t.is(output(join(dir, 'out/app')), '3\n')
  })
}
