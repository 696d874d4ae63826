/** The host is read-only inside the sandbox: only declared output directories and a private /tmp take writes. */
import test from 'ava'
import {existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync} from 'node:fs'
import {join} from 'node:path'
import {tempDir} from '../helpers/cli.js'
import {build, linkedEnv, project, removeTemporaries, temporary, token} from './sandbox.js'
import {requireProgram} from '../helpers/programs.js'

test.before((t) => { requireProgram(t, 'bwrap', 'bubblewrap') })

let env: NodeJS.ProcessEnv
test.after.always(removeTemporaries)
test.before(async () => {
  env = await linkedEnv()
})

test('a declared output is written to the project', async (t) => {
  const dir = project({make: {run: 'echo built > out/result.txt', outputs: ['out/result.txt']}})
  const result = await build(env, dir)
  t.is(result.code, 0, result.stderr)
  t.is(readFileSync(join(dir, 'out', 'result.txt'), 'utf8'), 'built\n')
})

test('writing outside the declared outputs fails and nothing reaches the host', async (t) => {
  const mark = token()
  const targets = ['undeclared.txt', `/etc/tck-escape-${mark}`, `/usr/tck-escape-${mark}`, `${process.env.HOME ?? '/root'}/tck-escape-${mark}`]
  const script = [
    ...targets.map((file) => `if echo x > '${file}' 2>/dev/null; then echo 'WROTE ${file}'; else echo 'DENIED ${file}'; fi >> out/report.txt`),
    // /tmp is private: the write succeeds inside and must never show up on the host.
    `echo x > /tmp/tck-escape-${mark}`,
    `echo x > ../tck-escape-${mark}`,
  ].join('\n')
  const dir = project({probe: {run: script, outputs: ['out/report.txt']}})
  const result = await build(env, dir)
  t.is(result.code, 0, result.stderr)
  t.deepEqual(readFileSync(join(dir, 'out', 'report.txt'), 'utf8').trim().split('\n'), targets.map((file) => `DENIED ${file}`))
  for (const file of [join(dir, 'undeclared.txt'), ...targets.slice(1), `/tmp/tck-escape-${mark}`, join(dir, '..', `tck-escape-${mark}`)]) {
    t.false(existsSync(file), `${file} appeared on the host`)
  }
})

test('a task that writes an undeclared file fails with the read-only error', async (t) => {
  const dir = project({sneaky: {run: 'echo x > sneaky.txt', outputs: ['out/fine.txt']}})
  const result = await build(env, dir)
  t.is(result.code, 1)
  t.regex(result.stderr, /task "sneaky" exited with code 2[\s\S]*Read-only file system/)
  t.false(existsSync(join(dir, 'sneaky.txt')))
})

test('an output directory that is a symlink out of the project is refused before anything runs', async (t) => {
  const outside = temporary(tempDir('tck-outside-'))
  const dir = project({linked: {run: 'echo x > out/f', outputs: ['out/f']}})
  symlinkSync(outside, join(dir, 'out'))
  const result = await build(env, dir)
  t.not(result.code, 0)
  // Refused by the store's path check, which runs before the sandbox is planned.
  t.regex(result.stderr, /output "out\/f" goes through the symlink out/)
  t.deepEqual(readdirSync(outside), [])
})

test('a task run from a subdirectory writes its outputs relative to the project root', async (t) => {
  const dir = project({sub: {run: 'pwd > ../out/pwd.txt', cwd: 'sub', outputs: ['out/pwd.txt']}})
  mkdirSync(join(dir, 'sub'))
  const result = await build(env, dir)
  t.is(result.code, 0, result.stderr)
  t.is(readFileSync(join(dir, 'out', 'pwd.txt'), 'utf8'), `${realpathSync(join(dir, 'sub'))}\n`)
})
