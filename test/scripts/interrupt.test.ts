/**
 * tck stopped while a script compiles: by Ctrl-C (SIGINT to its process group, as a terminal
 * sends it), SIGTERM, or `kill -9`, which no handler sees. The compiler must stop with it, and the
 * run's directory under `scripts/tmp/` must not outlive it. The compile is held still by a header
 * that is a FIFO nobody writes: cc1 blocks opening it until it is killed.
 */
import test, {type ExecutionContext} from 'ava'
import {execFileSync, spawn, type ChildProcess} from 'node:child_process'
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {tempDir} from '../helpers/cli.js'
import {launcher, scriptEnv, tckRun} from './helpers.js'

/** Processes whose command line names `text` (the test's own cache dir): the compiler's, only ever this test's. */
function processesNaming(text: string): number[] {
  const found: number[] = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue
    try {
      if (readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(text)) found.push(Number(name))
    } catch {}
  }
  return found
}

async function until(what: string, check: () => boolean, ms = 20_000): Promise<void> {
  for (const started = Date.now(); !check(); await sleep(50)) if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`)
}

interface Stuck {
  dir: string
  cacheDir: string
  env: NodeJS.ProcessEnv
  tck: ChildProcess
  ended: Promise<[number | null, string | null]>
}

/** `tck run` of a script whose compile cannot finish, started as its own process group (a terminal's foreground job). */
async function stuckCompile(t: ExecutionContext): Promise<Stuck> {
  const dir = tempDir('tck-interrupt-')
  const cacheDir = join(dir, 'cache')
  execFileSync('mkfifo', [join(dir, 'blocks.h')])
  writeFileSync(join(dir, 'stuck.c'), '#include <stdio.h>\n#include "blocks.h"\nint main(void) { return 0; }\n')
  const env = scriptEnv({TCK_CACHE_DIR: cacheDir})
  const tck = spawn(launcher, ['run', 'stuck.c'], {cwd: dir, env, detached: true, stdio: 'ignore'})
  const ended = new Promise<[number | null, string | null]>((resolve) => tck.on('close', (...end) => resolve(end)))
  t.teardown(() => {
    for (const pid of processesNaming(cacheDir)) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {}
    }
  })
  await until('cc1 to start', () => processesNaming(cacheDir).length >= 2)
  return {dir, cacheDir, env, tck, ended}
}

const runRoots = (cacheDir: string) => readdirSync(join(cacheDir, 'scripts', 'tmp')).filter((name) => name.startsWith('run-'))

for (const [how, signal, toGroup] of [['Ctrl-C', 'SIGINT', true], ['SIGTERM', 'SIGTERM', false]] as const) {
  test(`${how} while compiling stops the compiler and leaves no run directory`, async (t) => {
    const stuck = await stuckCompile(t)
    process.kill(toGroup ? -stuck.tck.pid! : stuck.tck.pid!, signal)
    const [code] = await stuck.ended
    t.is(code, 130)
    await until('the compiler to stop', () => processesNaming(stuck.cacheDir).length === 0).catch(() => {})
    t.deepEqual(processesNaming(stuck.cacheDir), [])
    t.deepEqual(runRoots(stuck.cacheDir), [])
  })
}

test('kill -9 of tck while compiling: the compiler dies with it, and the next run removes the dead run\'s directory', async (t) => {
  const stuck = await stuckCompile(t)
  t.is(runRoots(stuck.cacheDir).length, 1)
  process.kill(stuck.tck.pid!, 'SIGKILL')
  await stuck.ended
  await until('the compiler to stop', () => processesNaming(stuck.cacheDir).length === 0, 5000).catch(() => {})
  for (const pid of processesNaming(stuck.cacheDir)) t.log(execFileSync('ps', ['-o', 'pid,ppid,pgid,sid,stat,cmd', '-p', String(pid)], {encoding: 'utf8'}))
  t.deepEqual(processesNaming(stuck.cacheDir), [], 'no compiler outlives tck')
  t.is(runRoots(stuck.cacheDir).length, 1, 'nothing could remove it yet')
  writeFileSync(join(stuck.dir, 'next.c'), '#include <stdio.h>\nint main(void) { puts("next"); return 0; }\n')
  const next = await tckRun(['run', 'next.c'], {cwd: stuck.dir, env: stuck.env})
  t.is(next.stdout, 'next\n', next.stderr)
  t.deepEqual(runRoots(stuck.cacheDir), [])
  t.true(existsSync(join(stuck.cacheDir, 'scripts', 'tmp')))
})
