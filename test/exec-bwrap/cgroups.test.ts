/** core/io/cgroups.ts on this machine: hybrid v1, with memory and pids groups that enforce limits. */
import test from 'ava'
import {execFile, spawn} from 'node:child_process'
import {existsSync, mkdirSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {createTaskCgroup, detectCgroups} from '../../core/io/cgroups.js'

const ENTER = 'for f in $GROUPS_PROCS; do echo $$ > "$f"; done; exec sh -c "$0"'

function runIn(procsFiles: string[], script: string): Promise<string> {
  return new Promise((resolve) => {
    execFile('sh', ['-c', ENTER, script], {env: {...process.env, GROUPS_PROCS: procsFiles.join(' ')}, timeout: 20_000}, (_error, stdout, stderr) =>
      resolve(stdout + stderr),
    )
  })
}

// Serial, so it runs before any other test here makes this process's first group (which sweeps).
test.serial('groups left by a tck process that died are swept when the next group is made', async (t) => {
  const support = await detectCgroups()
  const dead = await new Promise<number>((resolve) => {
    const child = spawn('true')
    child.on('close', () => resolve(child.pid!))
  })
  const stale = join(support.usable.pids!.parent, `tck-${dead}-0`)
  mkdirSync(stale)
  const group = await createTaskCgroup(support, {pids: 8})
  t.false(existsSync(stale))
  await group.remove()
})

test('detection finds the hybrid layout and the v1 controllers that take limits', async (t) => {
  const support = await detectCgroups()
  t.is(support.layout, 'hybrid')
  t.is(support.usable.pids?.version, 1, support.notes.join('; '))
  t.is(support.usable.memory?.version, 1, support.notes.join('; '))
  // The v2 mount here delegates nothing, so no controller may be reported from it.
  t.false(Object.values(support.usable).some((place) => place?.version === 2))
  t.is(await detectCgroups(), support, 'probed once per process')
})

test('a pids group refuses forks past its limit and is removed afterwards', async (t) => {
  const group = await createTaskCgroup(await detectCgroups(), {pids: 4})
  t.deepEqual(group.enforced, ['processes 4 (cgroup v1)'])
  const output = await runIn(group.procsFiles, 'for i in 1 2 3 4 5 6 7 8; do sleep 1 & done; wait; echo done')
  const usage = await group.usage()
  t.true(usage.pidsDenied > 0, output)
  t.regex(output, /fork/i)
  await group.remove()
  for (const file of group.procsFiles) t.false(existsSync(dirname(file)))
})

test('kill() stops every process in the group, even ones started in the background', async (t) => {
  const support = await detectCgroups()
  const group = await createTaskCgroup(support, {pids: 16, memoryMiB: 64})
  t.is(group.procsFiles.length, 2)
  const child = spawn('sh', ['-c', `${ENTER}`, 'sleep 60 & sleep 60 & echo started; wait'], {
    env: {...process.env, GROUPS_PROCS: group.procsFiles.join(' ')},
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  await new Promise((resolve) => child.stdout.once('data', resolve))
  const exited = new Promise((resolve) => child.on('close', (_code, signal) => resolve(signal)))
  await group.remove()
  t.is(await exited, 'SIGKILL')
  for (const file of group.procsFiles) t.false(existsSync(dirname(file)))
})
