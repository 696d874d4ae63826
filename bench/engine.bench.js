// The engine against Turborepo and Nx on the same synthetic workspaces (bench/graphs.js): cold,
// fully cached, and after one leaf changed; wall time (median) and CPU time (user + system of
// the whole process tree) side by side, ratio = tck / peer (below 1: tck is faster).
//
//   TCK_BENCH_SIZES=1000,10000   graph sizes
//   TCK_BENCH_TOOLS=tck,turbo,nx,floor which tools; floor: bench/floor.js, the tasks' commands run
//                                once in dependency order by plain Node spawns (cold only)
//   TCK_BENCH_NX_MAX=1000        Nx forks a node process per task (~0.3 CPU-s each here), so its
//                                cold run of 10,000 tasks takes hours: above this size only its
//                                task-graph computation is timed, as a lower bound of its cached run.
//   TCK_BENCH_RUNS=3             repeats of the cached measurement
import {execFileSync, spawnSync} from 'node:child_process'
import {appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync} from 'node:fs'
import {availableParallelism, tmpdir} from 'node:os'
import {join} from 'node:path'
import {generateWorkspace, leafSource} from './graphs.js'
import {ensurePeers, peerBin, peerVersions} from './peers.js'

const root = new URL('..', import.meta.url).pathname
const jobs = availableParallelism()
const list = (name, fallback) => (process.env[name] ?? fallback).split(',').filter(Boolean)
const sizes = list('TCK_BENCH_SIZES', '1000,10000').map(Number)
const nxMax = Number(process.env.TCK_BENCH_NX_MAX ?? 1000)
const runs = Number(process.env.TCK_BENCH_RUNS ?? 3)
const log = (line) => process.stderr.write(`bench engine: ${line}\n`)

const peerEnv = (home) => ({
  ...process.env,
  PATH: `${join(peerBin.bun, '..')}:${process.env.PATH}`,
  HOME: home,
  TURBO_TELEMETRY_DISABLED: '1',
  DO_NOT_TRACK: '1',
  NX_NO_CLOUD: 'true',
  NX_DAEMON: 'false',
  NX_TUI: 'false',
  CI: 'true',
})

/** How each tool is set up and asked to build; `check` reads its output to prove the cache state. */
const tools = {
  tck: {
    label: 'tck',
    prepare() {},
    // Through the front door, as a user runs it; quiet like the peers' settings. The cache state is
    // read from the build's own JSON report (a build served by the no-change record leaves the last one).
    argv: (dir) => [join(root, 'bin/tck'), 'build', '-j', String(jobs), '--progress', 'none', '--cwd', dir],
    env: (home) => ({...process.env, XDG_CACHE_HOME: join(home, 'cache'), XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), TCK_QUIET: '1'}),
    cached: (stdout, stderr, dir) => latestReport(dir).counts.cached,
  },
  turbo: {
    label: `turbo ${peerVersions.turbo}`,
    prepare: (dir, env) => execFileSync(peerBin.bun, ['install', '--silent'], {cwd: dir, env, stdio: 'ignore'}),
    argv: () => [peerBin.turbo, 'run', 'build', `--concurrency=${jobs}`, '--output-logs=errors-only'],
    env: peerEnv,
    cached: (stdout, stderr) => Number(/Cached:\s+(\d+) cached/.exec(plain(stdout + stderr))?.[1]),
  },
  floor: {
    label: 'no-tool floor (bench/floor.js)',
    prepare() {},
    argv: (dir) => [process.execPath, join(root, 'bench/floor.js'), dir, String(jobs)],
    env: () => process.env,
    cached: () => 0,
    coldOnly: true,
  },
  nx: {
    label: `nx ${peerVersions.nx} (daemon off)`,
    prepare(dir, env) {
      execFileSync(peerBin.bun, ['install', '--silent'], {cwd: dir, env, stdio: 'ignore'})
      // Nx wants to find itself in the workspace; point there at the bench's own install.
      symlinkSync(join(peerBin.nx, '..', '..', '..'), join(dir, 'node_modules', 'nx'))
    },
    argv: () => [process.execPath, peerBin.nx, 'run-many', '-t', 'build', `--parallel=${jobs}`, '--outputStyle=static'],
    env: peerEnv,
    cached(stdout, stderr) {
      const text = plain(stdout + stderr)
      const found = /Cache:\s+(\d+)\/\d+ hit/.exec(text) ?? /from the cache instead of running the command for (\d+) out of \d+ tasks/.exec(text)
      return found ? Number(found[1]) : /Successfully ran target build/.test(text) ? 0 : NaN
    },
  },
}

/** One timed run under /usr/bin/time, which adds the CPU time of every process the tool started. */
function timed(tool, dir, env, argv = tool.argv(dir)) {
  const started = performance.now()
  const result = spawnSync('/usr/bin/time', ['-f', 'CPU %U %S', ...argv], {cwd: dir, env, encoding: 'utf8', maxBuffer: 1 << 30})
  const wallMs = performance.now() - started
  const cpu = /CPU (\S+) (\S+)\s*$/.exec(result.stderr)
  if (result.status !== 0) throw new Error(`${tool.label} failed in ${dir} (exit ${result.status}):\n${`${result.stdout}${result.stderr}`.slice(-2000)}`)
  return {wallMs, cpuMs: cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : NaN, output: result.stdout, errors: result.stderr}
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

/** Terminal colours off, so summaries parse the same on any terminal. */
const plain = (text) => text.replace(/\u001B\[[0-9;]*m/g, '')

function latestReport(dir) {
  const reports = join(dir, '.tck', 'reports')
  const newest = readdirSync(reports).filter((name) => name.endsWith('.json')).sort().at(-1)
  return JSON.parse(readFileSync(join(reports, newest), 'utf8'))
}

function expectCached(tool, run, count, what, dir) {
  const cached = tool.cached(run.output, run.errors, dir)
  if (cached !== count) {
    throw new Error(`${tool.label}: ${what} should have ${count} cached tasks, saw ${cached}:\n${plain(run.output + run.errors).slice(-1500)}`)
  }
}

const medianOf = (list) => ({wallMs: median(list.map((run) => run.wallMs)), cpuMs: median(list.map((run) => run.cpuMs))})

/**
 * cold, fully cached (median of `runs`), one leaf changed, on a fresh workspace per tool. The
 * tools take turns within each phase, so a busy spell on a shared machine hits them alike. Nx
 * above TCK_BENCH_NX_MAX computes only its project and task graph (`--graph`), which any Nx build
 * does first: a lower bound of its cached run.
 */
function measureSize(count, names, base) {
  const setups = names.map((name) => {
    const tool = tools[name]
    const dir = join(base, `${name}-${count}`)
    const home = join(base, `${name}-${count}-home`)
    mkdirSync(home, {recursive: true})
    const env = tool.env(home)
    generateWorkspace(dir, count, name === 'floor' ? 'tck' : name)
    tool.prepare(dir, env)
    return {name, tool, dir, home, env, graphOnly: name === 'nx' && count > nxMax, result: {}}
  })
  for (const setup of setups.filter(({graphOnly}) => !graphOnly)) {
    log(`${setup.tool.label}: ${count} tasks cold`)
    setup.result.cold = timed(setup.tool, setup.dir, setup.env)
    expectCached(setup.tool, setup.result.cold, 0, 'a cold build', setup.dir)
    setup.result.top = readFileSync(join(setup.dir, 'packages', `p${count - 1}`, 'out.txt'), 'utf8')
  }
  const cachedRuns = setups.map(() => [])
  for (let round = 1; round <= runs; round++) {
    log(`${count} tasks fully cached, round ${round} of ${runs}`)
    setups.forEach((setup, index) => {
      if (setup.tool.coldOnly) return
      const graphArgv = setup.graphOnly ? [...setup.tool.argv(), `--graph=${join(base, 'nx-graph.json')}`] : undefined
      const run = timed(setup.tool, setup.dir, setup.env, graphArgv)
      if (!setup.graphOnly) expectCached(setup.tool, run, count, 'a rebuild with nothing changed', setup.dir)
      cachedRuns[index].push(run)
    })
  }
  setups.forEach((setup, index) => (setup.result.cached = setup.tool.coldOnly ? undefined : medianOf(cachedRuns[index])))
  for (const setup of setups.filter(({graphOnly, tool}) => !graphOnly && !tool.coldOnly)) {
    appendFileSync(leafSource(setup.dir), 'one more line\n')
    log(`${setup.tool.label}: ${count} tasks, one leaf changed`)
    const leaf = timed(setup.tool, setup.dir, setup.env)
    setup.result.leaf = {...leaf, rebuilt: count - setup.tool.cached(leaf.output, leaf.errors, setup.dir)}
  }
  for (const setup of setups) {
    rmSync(setup.dir, {recursive: true, force: true})
    rmSync(setup.home, {recursive: true, force: true})
  }
  return Object.fromEntries(setups.map((setup) => [setup.graphOnly ? 'nxGraph' : setup.name, setup.result]))
}

const seconds = (ms) => Number((ms / 1000).toFixed(2))

function row(name, tck, peerLabel, peer) {
  return {name, value: seconds(tck), unit: 's', peer: peerLabel, peerValue: seconds(peer), ratio: Number((tck / peer).toFixed(3))}
}

export default async function run() {
  const wanted = list('TCK_BENCH_TOOLS', 'tck,turbo,nx,floor')
  if ((wanted.includes('turbo') || wanted.includes('nx')) && !ensurePeers(log)) throw new Error('the bench peers could not be installed')
  const base = mkdtempSync(join(tmpdir(), 'tck-bench-engine-'))
  const rows = []
  try {
    for (const count of sizes) {
      const results = measureSize(count, wanted, base)
      log(`${count}: ${JSON.stringify(results, (key, value) => (key === 'output' || key === 'errors' ? undefined : value))}`)
      const mine = results.tck
      if (!mine) continue
      if (!results.turbo && !results.nx) rows.push({name: `${count} tasks one leaf changed: tasks rebuilt`, value: mine.leaf.rebuilt, unit: 'tasks'})
      if (results.floor) {
        if (results.floor.top !== mine.top) throw new Error(`the floor and tck disagree on the output of p${count - 1}`)
        rows.push(row(`${count} tasks cold: wall`, mine.cold.wallMs, tools.floor.label, results.floor.cold.wallMs))
        rows.push(row(`${count} tasks cold: cpu`, mine.cold.cpuMs, tools.floor.label, results.floor.cold.cpuMs))
      }
      for (const name of ['turbo', 'nx']) {
        const peer = results[name]
        if (!peer) continue
        if (peer.top !== mine.top) throw new Error(`${name} and tck disagree on the output of p${count - 1}: the workloads differ`)
        // Same workload, same invalidation: each tool reruns the changed leaf and what depends on it.
        rows.push({name: `${count} tasks one leaf changed: tasks rebuilt`, value: mine.leaf.rebuilt, unit: 'tasks', peer: tools[name].label, peerValue: peer.leaf.rebuilt, ratio: Number((mine.leaf.rebuilt / peer.leaf.rebuilt).toFixed(3))})
        for (const phase of ['cold', 'cached', 'leaf']) {
          rows.push(row(`${count} tasks ${phase}: wall`, mine[phase].wallMs, tools[name].label, peer[phase].wallMs))
          rows.push(row(`${count} tasks ${phase}: cpu`, mine[phase].cpuMs, tools[name].label, peer[phase].cpuMs))
        }
      }
      if (results.nxGraph) {
        const label = `${tools.nx.label}, task graph only (lower bound)`
        rows.push(row(`${count} tasks cached: wall`, mine.cached.wallMs, label, results.nxGraph.cached.wallMs))
        rows.push(row(`${count} tasks cached: cpu`, mine.cached.cpuMs, label, results.nxGraph.cached.cpuMs))
      }
    }
  } finally {
    rmSync(base, {recursive: true, force: true})
  }
  return rows
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = await run()
  console.table(rows)
}
