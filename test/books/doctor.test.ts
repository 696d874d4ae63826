/** tck book doctor checks the book's host requirements as version-check.sh does: programs, minimum versions, aliases. */
import test from 'ava'
import {join} from 'node:path'
import {bookEnv, bookProject, editFile, tck} from './helpers.js'

test('doctor passes on this host for the tiny book, and names what is too old or missing', async (t) => {
  const env = await bookEnv()
  const project = bookProject()
  const ok = await tck(['book', 'doctor', '--json'], {cwd: project, env})
  t.is(ok.code, 0, ok.stderr)
  const report = JSON.parse(ok.stdout)
  t.true(report.ok)
  t.regex(report.checks.find((check: {program: string}) => check.program === 'gcc').version, /^\d+\.\d+/)
  editFile(join(project, 'book.yaml'), (text) =>
    text.replace('host:', 'host:\n  - {name: Make, program: make, min: "99.1"}\n  - {name: Nothing, program: tck-no-such-program}\n  - {name: awk is Brian, program: awk, matches: "no awk says this"}\n  - {name: Linux, program: linux, min: "2.6"}'),
  )
  const failed = await tck(['book', 'doctor'], {cwd: project, env})
  t.is(failed.code, 2)
  t.regex(failed.stdout, /^ERROR {2}Make +[\d.]+ \(>= 99\.1\) {2}\S+\/make: [\d.]+ is older than 99\.1$/m)
  t.regex(failed.stdout, /^ERROR {2}Nothing +: tck-no-such-program is not on PATH$/m)
  t.regex(failed.stdout, /^ERROR {2}awk is Brian .*is not no awk says this/m)
  t.regex(failed.stdout, /^OK {5}Linux +[\d.]+ \(>= 2\.6\)/m)
  t.regex(failed.stderr, /3 of 8 host requirements are not met: Make, Nothing, awk is Brian/)
})
