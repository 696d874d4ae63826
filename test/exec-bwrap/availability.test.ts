/** describe() says available: false, with the reason, when bwrap is missing or cannot make namespaces. */
import test from 'ava'
import {execFile} from 'node:child_process'
import {dirname} from 'node:path'
import {tckBin} from '../helpers/cli.js'
import {build, linkedEnv, project, removeTemporaries} from './sandbox.js'
import {requireProgram} from '../helpers/programs.js'

let env: NodeJS.ProcessEnv
test.after.always(removeTemporaries)
test.before(async () => {
  env = await linkedEnv()
})

function run(file: string, args: string[], options: {cwd: string; env: NodeJS.ProcessEnv}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(file, args, {...options, timeout: 60_000, maxBuffer: 16 << 20}, (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(stdout)))
  })
}

const bwrapInfo = (stdout: string) => JSON.parse(stdout).executors.find((executor: {name: string}) => executor.name === 'bwrap')

test('without bwrap on PATH the executor is unavailable, and a task that needs it fails saying why', async (t) => {
  const dir = project({make: {run: 'echo x > out/x', outputs: ['out/x']}})
  const noBwrap = {...env, PATH: '/nonexistent'}
  const info = bwrapInfo(await run(process.execPath, [tckBin, 'doctor', '--json'], {cwd: dir, env: noBwrap}))
  t.like(info, {available: false, enforces: []})
  t.regex(info.reason, /bwrap is not on PATH/)
  const result = await build(noBwrap, dir)
  t.is(result.code, 4)
  t.regex(result.stderr, /executor bwrap cannot run here: bwrap is not on PATH/)
})

test('where namespaces cannot be created the executor is unavailable with bwrap\'s own reason', async (t) => {
  if (!requireProgram(t, 'bwrap', 'bubblewrap')) return
  const dir = project({})
  // A real such place: tck itself inside a sandbox that forbids further user namespaces.
  const home = dirname(env.XDG_DATA_HOME!)
  const jail = ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', '--unshare-user', '--unshare-pid', '--disable-userns', '--cap-drop', 'ALL', '--bind', home, home, '--']
  const info = bwrapInfo(await run('bwrap', [...jail, process.execPath, tckBin, 'doctor', '--json'], {cwd: dir, env}))
  t.like(info, {available: false, enforces: []})
  t.regex(info.reason, /^bwrap cannot create its namespaces here: bwrap: /)
})
