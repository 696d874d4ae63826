/**
 * As an unprivileged user (nobody, via setpriv) the cgroups here are not writable, so limits fall
 * back to rlimits set by prlimit inside the sandbox; the filesystem and network rules stay the same.
 */
import test from 'ava'
import {execFile} from 'node:child_process'
import {chownSync, existsSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {repoRoot, tckBin} from '../helpers/cli.js'
import {removeTemporaries, temporary} from './sandbox.js'
import {requireProgram} from '../helpers/programs.js'

test.before((t) => { requireProgram(t, 'bwrap', 'bubblewrap', ['setpriv', 'util-linux']) })

const NOBODY = 65534

function nobodyDir(prefix: string): string {
  const dir = temporary(mkdtempSync(join(tmpdir(), prefix)))
  chownSync(dir, NOBODY, NOBODY)
  return dir
}

const home = nobodyDir('tck-nobody-home-')
const env = {PATH: process.env.PATH!, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CACHE_HOME: join(home, 'cache'), XDG_CONFIG_HOME: join(home, 'config'), TCK_QUIET: '1'}

function tckAsNobody(args: string[], cwd: string): Promise<{code: number; stdout: string; stderr: string}> {
  const argv = ['--reuid', String(NOBODY), '--regid', String(NOBODY), '--clear-groups', process.execPath, tckBin, ...args]
  return new Promise((resolve) => {
    execFile('setpriv', argv, {cwd, env, timeout: 60_000, maxBuffer: 16 << 20}, (error, stdout, stderr) =>
      resolve({code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr}),
    )
  })
}

function project(tasks: Record<string, unknown>): string {
  const dir = nobodyDir('tck-nobody-')
  writeFileSync(join(dir, 'tck.config.mjs'), `export default ${JSON.stringify({executor: 'bwrap', tasks})}\n`)
  chownSync(join(dir, 'tck.config.mjs'), NOBODY, NOBODY)
  return dir
}

test.after.always(removeTemporaries)
test.before(async () => {
  const linked = await tckAsNobody(['plugins', 'link', join(repoRoot, 'plugins', 'exec-bwrap')], home)
  if (linked.code !== 0) throw new Error(`tck plugins link as nobody failed:\n${linked.stderr}`)
})

test('doctor reports rlimit fallbacks where cgroups are not writable', async (t) => {
  const result = await tckAsNobody(['doctor', '--json'], project({}))
  t.is(result.code, 0, result.stderr)
  const report = JSON.parse(result.stdout)
  t.deepEqual(report.cgroups.usable, {})
  t.true(report.cgroups.notes.some((note: string) => /^pids: cannot create a group .*\(EACCES\)$/.test(note)), report.cgroups.notes.join('\n'))
  const bwrap = report.executors.find((executor: {name: string}) => executor.name === 'bwrap')
  t.is(bwrap.available, true)
  t.true(bwrap.enforces.includes('process-count limit per uid (RLIMIT_NPROC)'))
  t.true(bwrap.enforces.includes('memory limit per process (RLIMIT_AS)'))
})

test('the same sandbox holds: declared output written, undeclared write refused', async (t) => {
  const dir = project({ok: {run: 'echo ok > out/ok.txt', outputs: ['out/ok.txt']}, sneaky: {run: 'echo x > sneaky.txt'}})
  const ok = await tckAsNobody(['build', 'ok'], dir)
  t.is(ok.code, 0, ok.stderr)
  t.is(readFileSync(join(dir, 'out', 'ok.txt'), 'utf8'), 'ok\n')
  const sneaky = await tckAsNobody(['build', 'sneaky'], dir)
  t.is(sneaky.code, 1)
  t.regex(sneaky.stderr, /Read-only file system/)
  t.false(existsSync(join(dir, 'sneaky.txt')))
})

test('process count and memory are limited by rlimits', async (t) => {
  const dir = project({
    forks: {run: 'for i in 1 2 3 4 5 6 7 8; do sleep 1 & done; wait', resources: {pids: 4}},
    memory: {run: ['perl', '-e', '$x = "x" x (200 * 1024 * 1024)'], resources: {memoryMiB: 64}},
    roomy: {run: 'for i in 1 2 3 4 5 6 7 8; do sleep 1 & done; wait; perl -e \'$x = "x" x (200 * 1024 * 1024)\'', resources: {pids: 256, memoryMiB: 1024}},
  })
  const forks = await tckAsNobody(['build', 'forks'], dir)
  t.is(forks.code, 1)
  t.regex(forks.stderr, /Cannot fork/)
  const memory = await tckAsNobody(['build', 'memory'], dir)
  t.is(memory.code, 1)
  t.regex(memory.stderr, /Out of memory/)
  const roomy = await tckAsNobody(['build', 'roomy'], dir)
  t.is(roomy.code, 0, roomy.stderr)
})
