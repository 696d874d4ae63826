/** --die-with-parent: killing tck outright ends its sandboxes, and the next run sweeps their cgroups. */
import test from 'ava'
import {execFileSync, spawn} from 'node:child_process'
import {chmodSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {detectCgroups} from '../../core/io/cgroups.js'
import {tckBin} from '../helpers/cli.js'
import {build, linkedEnv, project, removeTemporaries, temporary, token} from './sandbox.js'
import {tempDir} from '../helpers/cli.js'
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

test('SIGKILL of tck while bwrap is still starting (a shim delays the real bwrap) ends the sandbox too', async (t) => {
  // bwrap's --die-with-parent holds only once bwrap has set it up; a tck killed before then left
  // the sandbox running. The shim on PATH waits a second before it becomes the real bwrap.
  const real = execFileSync('sh', ['-c', 'command -v bwrap'], {encoding: 'utf8'}).trim()
  const shims = temporary(tempDir('tck-bwrap-shim-'))
  writeFileSync(join(shims, 'bwrap'), `#!/bin/sh\ncase "$*" in *' -- /bin/true') exec ${real} "$@" ;; esac\nsleep 1\nexec ${real} "$@"\n`)
  chmodSync(join(shims, 'bwrap'), 0o755)
  const env = await linkedEnv()
  env.PATH = `${shims}:${env.PATH}`
  const mark = token()
  const dir = project({long: {run: ['sh', '-c', `sleep 300 # ${mark}`]}})
  const tck = spawn(process.execPath, [tckBin, 'build', 'long'], {cwd: dir, env, stdio: 'ignore'})
  t.teardown(() => tck.kill('SIGKILL'))
  await until(() => pidsMentioning(`# ${mark}`).length > 0, 'the shim to start')
  // Killed within the shim's second, once tck has surely written bwrap's arguments to their pipe.
  await sleep(300)
  tck.kill('SIGKILL')
  // Past the shim's second (its exec of bwrap hides it from /proc for a moment): had it lived on,
  // the real bwrap would be running the task by then.
  await sleep(2500)
  await until(() => pidsMentioning(`# ${mark}`).length === 0, 'the starting sandbox to die with tck')
  t.deepEqual(pidsMentioning(`# ${mark}`), [])
})
