/** The plugin's pure parts: which directories become writable, and how limits fall back without cgroups. */
import test from 'ava'
import {mkdirSync, realpathSync, symlinkSync} from 'node:fs'
import {join} from 'node:path'
import {runtime} from '../../core/runtime.js'
import {planLimits} from '../../plugins/exec-bwrap/src/limits.js'
import {writableDirs, writablePaths} from '../../plugins/exec-bwrap/src/writable.js'
import {tempDir} from '../helpers/cli.js'
import {removeTemporaries, temporary} from './sandbox.js'

test.after.always(removeTemporaries)

test('output paths map to the directories that become writable', async (t) => {
  const root = realpathSync(temporary(tempDir('tck-bwrap-plan-')))
  mkdirSync(join(root, 'build'))
  const dirs = await writableDirs(runtime, root, ['out/app.o', 'out/app.d', 'gen/**/*.h', 'build', 'dist/', 'a/b/c.txt'])
  t.deepEqual(dirs, ['a/b', 'gen', 'out', 'dist', 'build'].map((dir) => join(root, dir)).sort((a, b) => a.length - b.length || a.localeCompare(b)))
})

test('a root-level output file is bound alone; a glob at the root is refused', async (t) => {
  const root = realpathSync(temporary(tempDir('tck-bwrap-plan-')))
  const writable = await writablePaths(runtime, root, ['result.txt', 'out/a.o'])
  t.deepEqual(writable.dirs, [join(root, 'out')])
  t.deepEqual(writable.files, [join(root, 'result.txt')])
  t.deepEqual(writable.created.map((made) => made.path), [join(root, 'result.txt')])
  await t.throwsAsync(writablePaths(runtime, root, ['*.o']), {message: /is a glob at the project root/})
})

test('outputs that leave the project, directly or through a symlink, are refused', async (t) => {
  const root = realpathSync(temporary(tempDir('tck-bwrap-plan-')))
  symlinkSync('/etc', join(root, 'etc-link'))
  for (const output of ['../elsewhere/f', '/etc/passwd', 'etc-link/passwd']) {
    await t.throwsAsync(writableDirs(runtime, root, [output]), {message: /is outside the project/}, output)
  }
})

test('without cgroups, memory and cpu fall back to rlimits and an unenforceable limit is said so', (t) => {
  const plan = planLimits({memoryMiB: 64, cpuSeconds: 3, pids: 10}, {layout: 'none', usable: {}, notes: []}, '/usr/bin/prlimit')
  t.is(plan.cgroup, undefined)
  t.true(plan.prlimit.includes(`--as=${64 * 1024 * 1024}`))
  t.true(plan.prlimit.includes('--cpu=3:4'))
  if (process.getuid!() === 0) t.deepEqual(plan.notEnforced, ['processes: no pids cgroup, and root ignores RLIMIT_NPROC'])
  else t.true(plan.prlimit.includes('--nproc=10'))
})

test('with cgroups, memory and pids go to the group and cpu time is both per process and whole-task', (t) => {
  const place = {version: 1 as const, parent: '/sys/fs/cgroup/x'}
  const plan = planLimits({memoryMiB: 64, cpuSeconds: 3, pids: 10}, {layout: 'v1', usable: {memory: place, pids: place, cpuacct: place}, notes: []}, '/usr/bin/prlimit')
  t.deepEqual(plan.cgroup, {memoryMiB: 64, pids: 10, cpuSeconds: 3})
  t.deepEqual(plan.prlimit, ['--cpu=3:4'])
  t.deepEqual(plan.notEnforced, [])
})

test('without prlimit, a usable cpuacct cgroup still enforces cpu time and no warning says otherwise', (t) => {
  const place = {version: 2 as const, parent: '/sys/fs/cgroup/x'}
  const plan = planLimits({cpuSeconds: 3}, {layout: 'v2', usable: {cpuacct: place}, notes: []}, undefined)
  t.deepEqual(plan.cgroup, {cpuSeconds: 3})
  t.deepEqual(plan.prlimit, [])
  t.deepEqual(plan.notEnforced, [])
  t.deepEqual(plan.enforced, ['cpu time 3 s for the whole task (cgroup accounting)'])
})
