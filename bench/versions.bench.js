// This checkout against another build of tck, on the work whose cost a change to the engine's
// contract shows first: a fully cached rebuild of the engine bench's graph, and a cached
// `tck run` of a hello. Both sides take turns and keep their best round (bench/measure.js).
//   TCK_BENCH_BEFORE=/path/to/other/checkout   required: a built tck (its dist/ present)
//   TCK_BENCH_VERSION_TASKS=10000              the graph's size
//   TCK_BENCH_RUNS=5                           rounds
import {execFileSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {generateWorkspace} from './graphs.js'
import {bestOfTurns, sideBySide} from './measure.js'

const here = new URL('.', import.meta.url).pathname
const after = join(here, '..')
const before = process.env.TCK_BENCH_BEFORE
const tasks = Number(process.env.TCK_BENCH_VERSION_TASKS ?? 10000)
const rounds = Number(process.env.TCK_BENCH_RUNS ?? 5)
const round = (ms) => Math.round(ms * 10) / 10
const hello = '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n'

/** One side: its own workspace and caches, warmed by a cold build and a first `tck run`. */
function side(root, scratch, name) {
  const home = join(scratch, name)
  const workspace = join(home, 'workspace')
  generateWorkspace(workspace, tasks, 'tck')
  writeFileSync(join(home, 'hello.c'), hello)
  const env = {XDG_CACHE_HOME: join(home, 'cache'), XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), TCK_QUIET: '1'}
  const withEnv = ['env', ...Object.entries(env).map(([key, value]) => `${key}=${value}`)]
  const node = (...args) => [...withEnv, process.execPath, join(root, 'bin/run.js'), ...args]
  const build = node('build', '-j', '2', '--progress', 'none', '--cwd', workspace)
  // What a user's `tck` is: the launcher, which serves a hit without Node; and Node's own path.
  const launched = [...withEnv, join(root, 'bin/tck'), 'run', join(home, 'hello.c')]
  const run = node('run', join(home, 'hello.c'))
  for (const warm of [build, launched]) execFileSync(warm[0], warm.slice(1), {stdio: 'ignore'})
  return {build, launched, run}
}

export default async function run() {
  if (!before || !existsSync(join(before, 'dist', 'core'))) {
    process.stderr.write('bench versions: set TCK_BENCH_BEFORE to another tck checkout with dist/ built (npm ci && npm run build there); skipped\n')
    return []
  }
  const scratch = mkdtempSync(join(tmpdir(), 'tck-bench-versions-'))
  try {
    const [old, now] = [side(before, scratch, 'before'), side(after, scratch, 'after')]
    const [oldBuild, nowBuild] = await bestOfTurns([old.build, now.build], rounds)
    const [oldLaunched, nowLaunched] = await bestOfTurns([old.launched, now.launched], rounds * 2)
    const [oldRun, nowRun] = await bestOfTurns([old.run, now.run], rounds * 2)
    const peer = `tck at ${before}`
    const note = `best of ${rounds} turns`
    return [
      sideBySide(`${tasks} tasks fully cached (wall)`, Math.round(nowBuild.wall), 'ms', peer, Math.round(oldBuild.wall), note),
      sideBySide(`${tasks} tasks fully cached (CPU)`, Math.round(nowBuild.cpu), 'ms', peer, Math.round(oldBuild.cpu), note),
      sideBySide('cached tck run hello.c, bin/tck (wall)', round(nowLaunched.wall), 'ms', peer, round(oldLaunched.wall), `best of ${rounds * 2} turns`),
      sideBySide('cached tck run hello.c, bin/tck (CPU)', round(nowLaunched.cpu), 'ms', peer, round(oldLaunched.cpu), `best of ${rounds * 2} turns`),
      sideBySide('cached tck run hello.c, node bin/run.js (wall)', round(nowRun.wall), 'ms', peer, round(oldRun.wall), `best of ${rounds * 2} turns`),
      sideBySide('cached tck run hello.c, node bin/run.js (CPU)', round(nowRun.cpu), 'ms', peer, round(oldRun.cpu), `best of ${rounds * 2} turns`),
    ]
  } finally {
    rmSync(scratch, {recursive: true, force: true})
  }
}
