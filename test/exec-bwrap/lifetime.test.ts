/** --die-with-parent: killing tck outright ends its sandboxes, and the next run sweeps their cgroups. */
import test from 'ava'
import {spawn} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {setTimeout as sleep} from 'node:timers/promises'
import {detectCgroups} from '../../core/io/cgroups.js'
import {tckBin} from '../helpers/cli.js'
import {build, linkedEnv, project, removeTemporaries, token} from './sandbox.js'
import {requireProgram} from '../helpers/programs.js'

test.before((t) => { requireProgram(t, 'bwrap', 'bubblewrap') })

function pidsMentioning(mark: string): number[] {
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

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let round = 0; round < 200; round++) {
    if (condition()) return
    await sleep(50)
  }
  throw new Error(`gave up waiting for ${what}`)
}

test.after.always(removeTemporaries)

test('SIGKILL of tck ends the sandboxed task; its cgroup is swept by the next tck', async (t) => {
  const env = await linkedEnv()
  const mark = token()
  const dir = project({long: {run: ['sh', '-c', `sleep 300 # ${mark}`], resources: {pids: 16}}, quick: {run: ['true']}})
  const tck = spawn(process.execPath, [tckBin, 'build', 'long'], {cwd: dir, env, stdio: 'ignore'})
  t.teardown(() => tck.kill('SIGKILL'))
  await until(() => pidsMentioning(`# ${mark}`).length > 0, 'the task to start')
  const group = `tck-${tck.pid}-0`
  const parent = (await detectCgroups()).usable.pids!.parent
  t.true(readdirSync(parent).includes(group))

  tck.kill('SIGKILL')
  await until(() => pidsMentioning(`# ${mark}`).length === 0, 'the sandbox to die with tck')

  const next = await build(env, dir, 'quick')
  t.is(next.code, 0, next.stderr)
  t.false(readdirSync(parent).includes(group), `${group} was left behind`)
})
