/**
 * `tck book build` on the tiny fixture book with real gcc and make: packages built into the
 * target root whose programs run, a second build all cache hits, a change rebuilding exactly the
 * package and what depends on it, and bad input (a wrong checksum, a failing script, a cycle, a
 * version conflict) stopped with an error naming the package and the chain or the log's last lines.
 */
import test from 'ava'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {bookEnv, bookProject, editFile, progressOf, rootOf, runInRoot, statusesOf, tck} from './helpers.js'

test.serial('the tiny book builds into its root, its programs run, and a second build is all cache hits', async (t) => {
  const env = await bookEnv()
  const project = bookProject()
  const first = await tck(['book', 'build', '-j', '2'], {cwd: project, env})
  t.is(first.code, 0, first.stderr)
  const statuses = progressOf(first)
  t.is(Object.keys(statuses).length, 11, 'the whole book: every package, colors too')
  t.true(Object.values(statuses).every((status) => status === 'built'), JSON.stringify(statuses))
  const root = rootOf(project)
  t.is(runInRoot(root, 'usr/bin/greet', ['world']), 'hello, world\n')
  t.is(runInRoot(root, 'usr/bin/count', ['4']), 'hello, 10\n')
  t.regex(runInRoot(root, 'usr/bin/tinysh', ['--version']), /^tinysh 0\.9 \(libline 2\.0, tinysh 0\.9 \(minimal\)\)/, 'libline was built with the first pass of tinysh')
  t.is(readFileSync(join(root, 'etc/issue'), 'utf8'), 'tiny system 1.0\n')
  t.regex(first.stdout, /\| base-files \| 1\.0 \| built \| [\d.]+ \| 1\.00 \|/, 'the first package is 1 SBU')
  // Which chain is longest depends on how long each package took here; any is one from the first package to the last.
  t.regex(first.stdout, /Critical path \([\d.]+ s\): base-files( -> [\w:-]+)* -> world\n/)
  t.regex(first.stdout, /Validation: 11 of 11 packages passed/)
  t.notRegex(first.stdout, /overwrote/, 'a second pass replacing its first is not reported')

  const second = await tck(['book', 'build', '-j', '2'], {cwd: project, env})
  t.is(second.code, 0, second.stderr)
  t.deepEqual(new Set(Object.values(progressOf(second))), new Set(['cached']))
  t.regex(second.stdout, /11 cached/)

  // A changed script rebuilds its package; what depends on it is rebuilt only if its archive changed.
  const rebuiltBy = async (edit: (text: string) => string) => {
    editFile(join(project, 'packages/05-libcount.pkg'), edit)
    const result = await tck(['book', 'build', '-j', '2', '--json'], {cwd: project, env})
    t.is(result.code, 0, result.stderr)
    t.true(JSON.parse(result.stdout).ok)
    return Object.entries(statusesOf(project)).filter(([, status]) => status === 'built').map(([key]) => key).sort()
  }
  t.deepEqual(await rebuiltBy((text) => text.replace('make install', 'make install\n# changed')), ['libcount'], 'the same archive: its dependents are hits')
  const note = 'make install\nmkdir -p "$DESTDIR/usr/share" && echo changed > "$DESTDIR/usr/share/libcount.note"'
  t.deepEqual(await rebuiltBy((text) => text.replace('make install', note)), ['count', 'libcount'], 'count is rebuilt against the new archive; its own is the same, so world is a hit')
})

test.serial('config switches an optional dependency on: the package that uses it is rebuilt with it', async (t) => {
  const env = await bookEnv()
  const project = bookProject()
  t.is((await tck(['book', 'build', 'count'], {cwd: project, env})).code, 0)
  t.is(runInRoot(rootOf(project), 'usr/bin/count', ['3']), 'hello, 6\n')
  editFile(join(project, 'book.yaml'), (text) => `${text}optional: [colors]\n`)
  const again = await tck(['book', 'build', 'count'], {cwd: project, env})
  t.is(again.code, 0, again.stderr)
  t.is(progressOf(again).colors, 'built')
  t.is(progressOf(again).count, 'built')
  t.is(progressOf(again).libcount, 'cached')
  t.is(runInRoot(rootOf(project), 'usr/bin/count', ['3']), 'hello, \u001b[1m6\u001b[0m\n')
})

test.serial('a wrong checksum and a failing script stop the build naming the package; the root holds only what was merged before', async (t) => {
  const env = await bookEnv()
  const project = bookProject()
  editFile(join(project, 'packages/03-greet.pkg'), (text) => text.replace(/sha256: a2e5\w+/, `sha256: ${'0'.repeat(64)}`))
  const bad = await tck(['book', 'build', 'greet'], {cwd: project, env})
  t.is(bad.code, 6, bad.stderr)
  t.regex(bad.stderr, /checksum mismatch for greet 1\.0: source greet-main\.c: .* has sha256 a2e5\w+, expected 0{64}/)
  t.true(existsSync(join(rootOf(project), 'usr/lib/libgreet.so.1')), 'what came before it is in the root')
  t.false(existsSync(join(rootOf(project), 'usr/bin/greet')))

  const failing = bookProject()
  editFile(join(failing, 'packages/02-libgreet.pkg'), (text) => text.replace('make install', 'echo "libgreet: no space left on the imaginary device" >&2\nexit 3'))
  const failed = await tck(['book', 'build', 'greet'], {cwd: failing, env})
  t.is(failed.code, 1, failed.stderr)
  t.regex(failed.stderr, /task "tiny:libgreet" exited with code 3:\n(.*\n)*libgreet: no space left on the imaginary device/)
  t.regex(failed.stderr, /--resume/)
  t.is(progressOf(failed).greet, 'skipped')
  t.false(existsSync(join(rootOf(failing), 'usr/include/greet.h')), 'a failed package leaves nothing in the root')
})

test.serial('tck book plan: a cycle and a version conflict are clear errors; the plan prints each chain', async (t) => {
  const env = await bookEnv()
  const project = bookProject()
  const plan = await tck(['book', 'plan', 'world'], {cwd: project, env})
  t.is(plan.code, 0, plan.stderr)
  t.regex(plan.stdout, /^ {3}8 {2}libline 2\.0 +world -> tinysh -> libline \(required\)$/m)
  editFile(join(project, 'packages/01-base-files.pkg'), (text) => text.replace('files:', 'depends:\n  required: [world]\nfiles:'))
  const cycle = await tck(['book', 'plan', 'world'], {cwd: project, env})
  t.is(cycle.code, 3)
  t.regex(cycle.stderr, /dependency cycle in book tiny: world -> greet \(required\) -> libgreet \(required\) -> base-files \(required\) -> world \(required\)/)
  const conflict = bookProject()
  editFile(join(conflict, 'packages/03-greet.pkg'), (text) => text.replace('libgreet >= 1.1', 'libgreet >= 1.3'))
  const refused = await tck(['book', 'build', 'world'], {cwd: conflict, env})
  t.is(refused.code, 3)
  t.regex(refused.stderr, /version conflict on libgreet: the book has 1\.2, and no version meets every constraint:\n {2}world -> greet needs libgreet >= 1\.3/)
})

test.serial('--check runs the test suites the book has: a failing one fails its package, and checks are part of the key', async (t) => {
  const env = await bookEnv()
  const project = bookProject()
  editFile(join(project, 'packages/05-libcount.pkg'), (text) => text.replace('check: make check', 'check: |\n  make check\n  echo "libcount: the check found a bug" >&2\n  exit 4'))
  const plain = await tck(['book', 'build', 'libcount'], {cwd: project, env})
  t.is(plain.code, 0, plain.stderr)
  const checked = await tck(['book', 'build', 'libcount', '--check'], {cwd: project, env})
  t.is(checked.code, 1)
  t.regex(checked.stderr, /task "tiny:libcount" exited with code 4:\n(.*\n)*libcount: the check found a bug/)
  t.is(progressOf(checked)['base-files'], 'cached', 'a package without a test suite keeps its key')
})

test.serial("a build from a shell with another PATH is still all cache hits: a book's scripts start from the book's PATH", async (t) => {
  const env = await bookEnv()
  const project = bookProject()
  t.is((await tck(['book', 'build', 'greet'], {cwd: project, env})).code, 0)
  const elsewhere = await tck(['book', 'build', 'greet'], {cwd: project, env: {...env, PATH: `/opt/nothing/bin:${env.PATH}`}})
  t.is(elsewhere.code, 0, elsewhere.stderr)
  t.deepEqual(new Set(Object.values(progressOf(elsewhere))), new Set(['cached']))
})

test.serial('a dependency that installs a program under a tool\'s name (awk) still leaves the second build all hits', async (t) => {
  // The sysroot of the first build is still there on the second; were the tools looked up on a
  // PATH through it, the second build would key every dependent on the package's awk instead of
  // the host's, and run them all again.
  const env = await bookEnv()
  const project = bookProject()
  editFile(join(project, 'packages/01-base-files.pkg'), (text) => `${text.trimEnd()}\nprintf '#!/bin/sh\\nexec /usr/bin/awk "$@"\\n' > "$DESTDIR/usr/bin/awk" && chmod 755 "$DESTDIR/usr/bin/awk"\n`)
  const first = await tck(['book', 'build', '-j', '2'], {cwd: project, env})
  t.is(first.code, 0, first.stderr)
  t.true(existsSync(join(rootOf(project), 'usr/bin/awk')))
  const second = await tck(['book', 'build', '-j', '2'], {cwd: project, env})
  t.is(second.code, 0, second.stderr)
  t.deepEqual(new Set(Object.values(statusesOf(project))), new Set(['cached']), second.stdout)
})
