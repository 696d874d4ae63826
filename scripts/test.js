#!/usr/bin/env node
// `npm test`: ava over test/, with its TAP summary turned into the closing line CI reads.
import {spawn} from 'node:child_process'
import {createInterface} from 'node:readline'

const ava = spawn(process.execPath, ['node_modules/ava/entrypoints/cli.mjs', '--tap', ...process.argv.slice(2)], {
  cwd: new URL('..', import.meta.url).pathname,
  stdio: ['ignore', 'pipe', 'inherit'],
})
const counts = {pass: 0, fail: 0, skip: 0, todo: 0}
for await (const line of createInterface({input: ava.stdout})) {
  process.stdout.write(`${line}\n`)
  const match = /^# (pass|fail|skip|todo) (\d+)$/.exec(line)
  if (match) counts[match[1]] = Number(match[2])
}
const code = await new Promise((resolve) => ava.on('close', (status) => resolve(status ?? 1)))
// A run that ended without a summary (a crash) counts as a failure, never as a pass.
if (code !== 0 && counts.fail === 0) counts.fail = 1
const skipped = counts.skip + counts.todo
process.stdout.write(`\n${counts.pass} passed, ${counts.fail} failed${skipped ? `, ${skipped} skipped` : ''}\n`)
process.exit(code)
