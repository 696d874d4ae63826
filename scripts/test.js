#!/usr/bin/env node
// `npm test`: ava over test/, with its TAP summary turned into the closing line CI reads.
import {spawn} from 'node:child_process'
import {chmodSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createInterface} from 'node:readline'

// Every temporary project, home and cache the tests make goes under one directory, removed at
// the end (TCK_KEEP_TMP=1 keeps it, to look at a failure): a run leaves nothing in /tmp.
const scratch = mkdtempSync(join(tmpdir(), 'tck-tests-'))
chmodSync(scratch, 0o1777) // as /tmp is: tests run tck as nobody too
const ava = spawn(process.execPath, ['node_modules/ava/entrypoints/cli.mjs', '--tap', ...process.argv.slice(2)], {
  cwd: new URL('..', import.meta.url).pathname,
  env: {...process.env, TMPDIR: scratch},
  stdio: ['ignore', 'pipe', 'inherit'],
})
const counts = {pass: 0, fail: 0, skip: 0, todo: 0}
for await (const line of createInterface({input: ava.stdout})) {
  process.stdout.write(`${line}\n`)
  const match = /^# (pass|fail|skip|todo) (\d+)$/.exec(line)
  if (match) counts[match[1]] = Number(match[2])
}
const code = await new Promise((resolve) => ava.on('close', (status) => resolve(status ?? 1)))
if (process.env.TCK_KEEP_TMP) process.stderr.write(`test: temporary files kept in ${scratch}\n`)
else rmSync(scratch, {recursive: true, force: true})
// A run that ended without a summary (a crash) counts as a failure, never as a pass.
if (code !== 0 && counts.fail === 0) counts.fail = 1
const skipped = counts.skip + counts.todo
process.stdout.write(`\n${counts.pass} passed, ${counts.fail} failed${skipped ? `, ${skipped} skipped` : ''}\n`)
process.exit(code)
