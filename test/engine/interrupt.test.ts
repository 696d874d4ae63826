import test from 'ava'
import {spawn} from 'node:child_process'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, tck, tckBin} from '../helpers/cli.js'
import {projectWith} from '../helpers/project.js'
import {parseEvents, statuses} from './events.js'

// `long` writes half its output, leaves a grandchild sleeping, and waits; with `fast` present it
// finishes at once. The grandchild's pid tells the test whether the whole process group died.
const project = () =>
  projectWith({
    'tck.config.json': JSON.stringify({
      tasks: {
        long: {
          run: 'mkdir -p out; if [ -e fast ]; then echo whole > out/long.txt; exit 0; fi; printf half > out/long.txt; sleep 60 & echo $! > sleeper.pid; wait',
          outputs: ['out/long.txt'],
        },
        after: {run: 'cat out/long.txt > out/after.txt', deps: ['long'], outputs: ['out/after.txt']},
      },
    }),
  })

async function until(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

/** Alive means present in /proc and not a zombie waiting to be reaped. */
function alive(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'))
  } catch {
    return false
  }
}

for (const [signal, exitCode] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
  test(`${signal} stops the running task's whole process group, removes its half output and exits ${exitCode}`, async (t) => {
    const dir = project()
    const env = isolatedEnv()
    const child = spawn(process.execPath, [tckBin, 'build', '--cwd', dir, '--progress', 'plain'], {env, stdio: ['ignore', 'pipe', 'pipe']})
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk))
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
    const pidFile = join(dir, 'sleeper.pid')
    await until(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 'the task to start')
    const sleeper = Number(readFileSync(pidFile, 'utf8'))
    t.true(alive(sleeper))

    child.kill(signal)
    t.is(await exited, exitCode, stderr)
    await until(() => !alive(sleeper), `the task's grandchild ${sleeper} to die`, 10_000)
    t.regex(stderr, /interrupted/)
    t.false(existsSync(join(dir, 'out/long.txt')), 'the half-written output was left behind')
    t.false(existsSync(join(dir, 'out/after.txt')))

    // Nothing of the interrupted run was stored: the next build runs `long` again and succeeds.
    writeFileSync(join(dir, 'fast'), '')
    const again = await tck(['build', '--json', '--cwd', dir], {env})
    t.is(again.code, 0, again.stderr)
    t.deepEqual(statuses(parseEvents(again.stdout)), {long: 'built', after: 'built'})
    t.is(readFileSync(join(dir, 'out/after.txt'), 'utf8'), 'whole\n')
  })
}

test('Ctrl-C during a retry backoff ends the wait: no further attempt runs', async (t) => {
  const dir = projectWith({
    'tck.config.mjs': `export default {
      tasks: {flaky: {run: 'n=$(cat tries 2>/dev/null || echo 0); n=$((n+1)); echo $n > tries; touch ended-$n; exit 1', retries: 10, cache: false}},
      register({pipeline}) { pipeline.afterExecute.tap((result) => { result.transient = true }) },
    }`,
  })
  const child = spawn(process.execPath, [tckBin, 'build', '--cwd', dir, '--progress', 'plain'], {env: isolatedEnv(), stdio: ['ignore', 'pipe', 'pipe']})
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  // After the fifth try the backoff is 1.6 s: the signal lands inside it, not inside a try.
  await until(() => existsSync(join(dir, 'ended-5')), 'the fifth try to end')
  child.kill('SIGINT')
  t.is(await exited, 130)
  t.is(readFileSync(join(dir, 'tries'), 'utf8').trim(), '5', 'another attempt ran after the interrupt')
})
