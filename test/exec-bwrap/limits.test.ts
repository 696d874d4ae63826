/**
 * Resource limits inside the sandbox: a fork bomb is held by the pids cgroup (set before the task
 * starts, so it never reaches the machine's process table), memory by the memory cgroup, cpu time
 * by RLIMIT_CPU and cgroup accounting. Runs as root here, where the cgroups are writable.
 */
import test from 'ava'
import {execFileSync} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {detectCgroups} from '../../core/io/cgroups.js'
import {tck} from '../helpers/cli.js'
import {build, linkedEnv, project, removeTemporaries, token} from './sandbox.js'
import {requireProgram} from '../helpers/programs.js'

test.before((t) => { requireProgram(t, 'bwrap', 'bubblewrap') })

let env: NodeJS.ProcessEnv
test.after.always(removeTemporaries)
test.before(async () => {
  env = await linkedEnv()
})

function processesMentioning(mark: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(mark)
      } catch {
        return false
      }
    })
    .map(Number)
}

/** tck groups whose creating process is gone: each one a leak. */
function orphanedGroups(parent: string): string[] {
  return readdirSync(parent).filter((name) => {
    const owner = /^tck-(\d+)-\d+$/.exec(name)?.[1]
    if (!owner) return false
    try {
      process.kill(Number(owner), 0)
      return false
    } catch {
      return true
    }
  })
}

test('tck doctor --json lists what the bwrap executor enforces here', async (t) => {
  const support = await detectCgroups()
  t.truthy(support.usable.pids, `this machine should have a usable pids cgroup: ${support.notes.join('; ')}`)
  t.truthy(support.usable.memory, `this machine should have a usable memory cgroup: ${support.notes.join('; ')}`)
  const result = await tck(['doctor', '--json'], {cwd: project({}), env})
  t.is(result.code, 0, result.stderr)
  const report = JSON.parse(result.stdout)
  t.deepEqual(report.cgroups, JSON.parse(JSON.stringify(support)))
  const bwrap = report.executors.find((executor: {name: string}) => executor.name === 'bwrap')
  t.is(bwrap.available, true)
  for (const expected of [
    'host read-only (--ro-bind / /), /proc/sys and the other host-writing parts of /proc too',
    'no setuid or setgid file leaves the sandbox (stripped after the run)',
    'no network unless the task sets network (--unshare-all, then --share-net on request)',
    `process-count limit (cgroup v${support.usable.pids!.version})`,
    `memory limit (cgroup v${support.usable.memory!.version})`,
  ]) {
    t.true(bwrap.enforces.includes(expected), `missing "${expected}" in ${JSON.stringify(bwrap.enforces)}`)
  }
})

test('a fork bomb is contained by the pids limit and leaves nothing behind', async (t) => {
  const support = await detectCgroups()
  // Safety first: without a pids cgroup nothing would stop the bomb as root, so it must not run.
  if (!support.usable.pids) return t.fail(`no usable pids cgroup, refusing to start a fork bomb: ${support.notes.join('; ')}`)
  const doctor = JSON.parse((await tck(['doctor', '--json'], {cwd: project({}), env})).stdout)
  const bwrap = doctor.executors.find((executor: {name: string}) => executor.name === 'bwrap')
  if (!bwrap?.enforces.some((line: string) => line.startsWith('process-count limit (cgroup'))) {
    return t.fail(`bwrap does not enforce a process-count limit, refusing to start a fork bomb: ${JSON.stringify(bwrap)}`)
  }

  const mark = token()
  const script = [
    // The task ends itself after two seconds; leaving the pid namespace kills every bomb process.
    'sleep 2 & timer=$!',
    'bomb() { bomb | bomb & }',
    // In a subshell: a fork the limit refuses ends that shell (dash exits 2), never the task's own.
    '(bomb) 2>> out/errors.txt || true',
    'wait $timer',
    'echo survived > out/bomb.txt',
  ].join('\n')
  const dir = project(
    {bomb: {run: ['sh', `bomb-${mark}.sh`], resources: {pids: 32}, outputs: ['out/bomb.txt', 'out/errors.txt']}},
    {[`bomb-${mark}.sh`]: `${script}\n`},
  )
  const result = await build(env, dir)
  t.is(result.code, 0, result.stderr)
  t.is(readFileSync(join(dir, 'out', 'bomb.txt'), 'utf8'), 'survived\n')
  t.regex(readFileSync(join(dir, 'out', 'errors.txt'), 'utf8'), /fork/i, 'the bomb should have hit the limit')
  t.deepEqual(processesMentioning(`bomb-${mark}`), [])
  t.deepEqual(orphanedGroups(support.usable.pids.parent), [])
  // The machine still forks.
  t.is(execFileSync('sh', ['-c', 'echo fine'], {encoding: 'utf8'}), 'fine\n')
})

test('a task over its memory limit is killed, and the same task under a larger limit succeeds', async (t) => {
  const allocate = ['perl', '-e', '$x = "x" x (200 * 1024 * 1024); open(F, ">out/done.txt"); print F length($x)']
  const dir = project({
    small: {run: allocate, resources: {memoryMiB: 64}, outputs: ['out/done.txt']},
    large: {run: allocate, resources: {memoryMiB: 1024}, outputs: ['out/done.txt']},
  })
  const small = await build(env, dir, 'small')
  t.is(small.code, 1)
  t.regex(small.stderr, /task "small" was killed by SIGKILL[\s\S]*memory limit reached/)
  const large = await build(env, dir, 'large')
  t.is(large.code, 0, large.stderr)
  t.is(readFileSync(join(dir, 'out', 'done.txt'), 'utf8'), String(200 * 1024 * 1024))
})

test('a task over its cpu time is stopped', async (t) => {
  const dir = project({spin: {run: 'while :; do :; done', resources: {cpuSeconds: 1}}})
  const result = await build(env, dir)
  t.is(result.code, 1)
  // RLIMIT_CPU (SIGXCPU) or the whole-task cgroup accounting (SIGKILL), whichever notices first.
  t.regex(result.stderr, /task "spin" was killed by SIG(XCPU|KILL)[\s\S]*cpu time limit of 1 s/)
})

test('cpu time is counted for the whole task, not only per process', async (t) => {
  // Three spinners stay under the 2 s RLIMIT_CPU each long after they passed 2 s together.
  const dir = project({spin: {run: 'spin() { while :; do :; done; }; spin & spin & spin & wait', resources: {cpuSeconds: 2}}})
  const result = await build(env, dir)
  t.is(result.code, 1)
  t.regex(result.stderr, /task "spin" was killed by SIGKILL[\s\S]*cpu time limit of 2 s for the whole task reached/)
})

test('default limits for tasks that declare none come from the config, and a bad setting is named', async (t) => {
  const forks = {run: 'for i in 1 2 3 4 5 6 7 8; do sleep 1 & done; wait'}
  const limited = project({forks}, {}, {plugins: {'exec-bwrap': {pids: 4}}})
  const result = await build(env, limited)
  t.is(result.code, 1)
  t.regex(result.stderr, /process-count limit reached: \d+ fork\(s\) refused/)
  const typo = project({forks}, {}, {plugins: {'exec-bwrap': {pid: 4}}})
  const rejected = await build(env, typo)
  t.not(rejected.code, 0)
  t.regex(rejected.stderr, /tck\.config\.mjs: plugins\.exec-bwrap\.pid must be one of pids, memoryMiB, cpuSeconds/)
  t.is(rejected.code, 3, 'a configuration error, not a plugin failure')
  const fraction = project({forks}, {}, {plugins: {'exec-bwrap': {pids: 1.5}}})
  const hooks = await tck(['hooks', '--cwd', fraction], {env})
  t.is(hooks.code, 3, 'checked when the config loads, before any task runs')
  t.regex(hooks.stderr, /plugins\.exec-bwrap\.pids must be .*\(pids a whole one\)/)
})
