// `tck run` against Crispy (github.com/zachpodbielniak/crispy), side by side on the same GLib
// script (fixtures/scripts/crispy/hello.c): a cold run of a new script (hyperfine's --prepare
// appends a fresh comment before every run, so each side compiles new source; tck's launcher
// compiles it itself, bin/cold.sh, and its background record is measured on its own, as is a
// cold run through Node, what the first script of its kind gets), and a cached run
// (tck: the sh launcher execs the cached binary; Crispy: it loads its cached shared object).
// Crispy is not on any registry: build it from source and put it on PATH, or set CRISPY=/path.
// Medians; CPU = user + system; ratio = tck / Crispy (below 1: tck is faster). The issue's
// target is a cold tck run at most 1.3x Crispy's. A last row runs the same cold runs one after
// another inside one Node process that has loaded tck already: what a resident tck server could
// do at best, with no start-up at all.
import {execFileSync, spawnSync} from 'node:child_process'
import {copyFileSync, mkdtempSync, readFileSync} from 'node:fs'
import {loadavg, tmpdir} from 'node:os'
import {join} from 'node:path'

const root = new URL('..', import.meta.url).pathname
const launcher = join(root, 'bin', 'tck')

function findCrispy() {
  const named = process.env.CRISPY || 'crispy'
  try {
    return execFileSync('sh', ['-c', 'command -v "$1"', 'sh', named], {encoding: 'utf8'}).trim()
  } catch {
    throw new Error(`Crispy not found (${named}): build it from github.com/zachpodbielniak/crispy (make; needs libglib2.0-dev) and set CRISPY=/path/to/crispy`)
  }
}

function hyperfine(commands, prepares, runs, env, cwd) {
  const out = join(mkdtempSync(join(tmpdir(), 'tck-bench-')), 'run.json')
  const prepare = prepares.flatMap((command) => ['--prepare', command])
  execFileSync('hyperfine', ['-N', '--warmup', '3', '--runs', String(runs), ...prepare, '--export-json', out, ...commands], {stdio: 'ignore', env, cwd})
  return JSON.parse(readFileSync(out, 'utf8')).results.map((result) => ({wall: result.median * 1000, cpu: (result.user + result.system) * 1000}))
}

/** Cold runs of `file` inside one Node process with tck loaded (the fast start's own entry), after 3 warm-up runs: the median wall time. */
function warmProcessCold(file, runs, env, cwd) {
  const script = `
    const {appendFileSync} = await import('node:fs')
    const {runFast} = await import(${JSON.stringify(join(root, 'dist/core/fast.bundle.js'))})
    const walls = []
    for (let i = -3; i < ${runs}; i++) {
      appendFileSync(${JSON.stringify(file)}, '/* ' + process.hrtime.bigint() + ' */\\n')
      const started = performance.now()
      await runFast(['run', '--', ${JSON.stringify(file)}], ${JSON.stringify(root)})
      if (i >= 0) walls.push(performance.now() - started)
    }
    walls.sort((a, b) => a - b)
    process.stderr.write(JSON.stringify(walls[walls.length >> 1]))`
  const {status, stderr} = spawnSync(process.execPath, ['--input-type=module', '-e', script], {cwd, env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe']})
  if (status !== 0) throw new Error(`the warm-process runs failed: ${stderr}`)
  return Number(stderr)
}

const ms = (value) => Number(value.toFixed(2))
const row = (name, ours, theirs, peer, note) => ({name, value: ms(ours), unit: 'ms', peer, peerValue: ms(theirs), ratio: Number((ours / theirs).toFixed(3)), note})

export default async function run() {
  const crispy = findCrispy()
  const work = mkdtempSync(join(tmpdir(), 'tck-bench-crispy-'))
  const home = join(work, 'home')
  const env = {...process.env, XDG_CACHE_HOME: join(home, 'cache'), XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), TCK_QUIET: '1'}
  for (const side of ['tck', 'crispy']) copyFileSync(join(root, 'fixtures/scripts/crispy/hello.c'), join(work, `${side}-hello.c`))
  // A new script each run; for tck, once the previous run's background record (bin/cold.sh) is done, as
  // it is when a user has edited the script in between (the record's own cost is its own row).
  const fresh = (file) => `sh -c "printf '/* %s */\\n' \\$(date +%s%N) >> ${file}"`
  const recorded = (file) => `sh -c "while pgrep -f 'run[.]js run -- ${file}' >/dev/null; do sleep 0.01; done; printf '/* %s */\\n' \\$(date +%s%N) >> ${file}"`
  const [tckCold, crispyCold] = hyperfine([`${launcher} run tck-hello.c`, `${crispy} crispy-hello.c`], [recorded('tck-hello.c'), fresh('crispy-hello.c')], 12, env, work)
  const [record] = hyperfine([`${launcher} run tck-hello.c`], [fresh('tck-hello.c')], 12, {...env, TCK_RUN_RECORD: '1'}, work)
  const [first] = hyperfine([`${launcher} run tck-hello.c`], [fresh('tck-hello.c')], 12, {...env, TCK_NO_COLD: '1'}, work)
  const loadCold = loadavg()[0]
  const [tckCached, crispyCached] = hyperfine([`${launcher} run tck-hello.c`, `${crispy} crispy-hello.c`], [], 60, env, work)
  copyFileSync(join(root, 'fixtures/scripts/crispy/hello.c'), join(work, 'warm-hello.c'))
  const warm = warmProcessCold(join(work, 'warm-hello.c'), 12, env, work)
  const load = `load ${loadCold.toFixed(1)} / ${loadavg()[0].toFixed(1)}`
  return [
    row('cold run of a new GLib hello.c, wall (target <= 1.3)', tckCold.wall, crispyCold.wall, 'crispy hello.c', load),
    row('cold run of a new GLib hello.c, CPU', tckCold.cpu, crispyCold.cpu, 'crispy hello.c'),
    row('its background record: the compile, stored and indexed by Node (TCK_RUN_RECORD=1), wall', record.wall, crispyCold.wall, 'crispy hello.c'),
    row('its background record, CPU', record.cpu, crispyCold.cpu, 'crispy hello.c'),
    row('cold run through Node (the first script of its kind; TCK_NO_COLD=1), wall', first.wall, crispyCold.wall, 'crispy hello.c'),
    row('cached run, wall', tckCached.wall, crispyCached.wall, 'crispy hello.c (cached .so)'),
    row('cached run, CPU', tckCached.cpu, crispyCached.cpu, 'crispy hello.c (cached .so)'),
    row('cold run inside a Node process with tck loaded (no start-up), wall', warm, crispyCold.wall, 'crispy hello.c'),
  ]
}
