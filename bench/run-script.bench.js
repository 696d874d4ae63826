// `tck run` start-up, side by side in one hyperfine run: a cached `tck run hello.c` (the sh
// launcher execs the cached binary, no Node), a cached shebang script run directly, cached inline
// code (`tck run -i`), the cached binary itself, `tcc -run hello.c`, `node -e 0`, and a cache hit
// that goes through Node (-S is not a launcher flag, so it shows the Node path). Then a cold run
// (compile + run, -n) with gcc against tcc. Medians of >= 50 runs; ratio = tck / peer.
import {execFileSync} from 'node:child_process'
import {chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const root = new URL('..', import.meta.url).pathname
const launcher = join(root, 'bin', 'tck')

function hyperfine(commands, runs, env) {
  const out = join(mkdtempSync(join(tmpdir(), 'tck-bench-')), 'run.json')
  execFileSync('hyperfine', ['-N', '--warmup', '5', '--runs', String(runs), '--export-json', out, ...commands], {stdio: 'ignore', env})
  return JSON.parse(readFileSync(out, 'utf8')).results.map((result) => ({wall: result.median * 1000, cpu: (result.user + result.system) * 1000}))
}

const ms = (value) => Number(value.toFixed(2))
const row = (name, value, peer, peerValue, note) => ({name, value: ms(value), unit: 'ms', peer, peerValue: ms(peerValue), ratio: Number((value / peerValue).toFixed(3)), note})

export default async function run() {
  const work = mkdtempSync(join(tmpdir(), 'tck-bench-scripts-'))
  const home = join(work, 'home')
  const env = {...process.env, XDG_CACHE_HOME: join(home, 'cache'), XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), PATH: `${join(root, 'bin')}:${process.env.PATH}`, TCK_QUIET: '1'}
  const hello = join(work, 'hello.c')
  copyFileSync(join(root, 'fixtures/scripts/hello.c'), hello)
  const shebang = join(work, 'shebang.c')
  writeFileSync(shebang, `#!/usr/bin/env -S tck run\n${readFileSync(hello, 'utf8')}`)
  chmodSync(shebang, 0o755)
  mkdirSync(join(work, 'quiet'))
  const tck = (args) => execFileSync(launcher, args, {cwd: work, env, encoding: 'utf8'})
  execFileSync(process.execPath, [join(root, 'bin/run.js'), 'plugins', 'link', join(root, 'plugins/compiler-tcc')], {env, stdio: 'ignore'})
  const inline = 'printf("Hello from C\\n");'
  tck(['run', hello])
  tck(['run', shebang])
  tck(['run', '-i', inline])
  const binary = JSON.parse(tck(['run', '--json', '-S', hello]).split('\n').filter((line) => line.startsWith('{') || line.startsWith(' ') || line.startsWith('}')).join('\n')).binary

  const [cachedRun, cachedShebang, bare, tccRun, node, nodeHit, cachedInline] = hyperfine(
    [`${launcher} run ${hello}`, shebang, binary, `tcc -run ${hello}`, `${process.execPath} -e 0`, `${launcher} run -S ${hello}`, `${launcher} run -i '${inline}'`],
    60,
    env,
  )
  const [coldGcc, coldTcc] = hyperfine([`${launcher} run -n ${hello}`, `${launcher} run -n --compiler tcc ${hello}`], 15, env)
  return [
    row('cached `tck run hello.c` (launcher, no Node)', cachedRun.wall, 'node -e 0', node.wall, `cpu ${ms(cachedRun.cpu)} ms`),
    row('cached shebang script run directly', cachedShebang.wall, 'node -e 0', node.wall, `cpu ${ms(cachedShebang.cpu)} ms`),
    row('cached inline code `tck run -i ...`', cachedInline.wall, 'node -e 0', node.wall, `cpu ${ms(cachedInline.cpu)} ms`),
    // CPU time (user + system) hardly moves when other work shares the machine; wall time does.
    row('cpu: cached `tck run hello.c`', cachedRun.cpu, 'cpu: node -e 0', node.cpu),
    row('cpu: cached shebang script', cachedShebang.cpu, 'cpu: tcc -run hello.c', tccRun.cpu),
    row('cached `tck run hello.c`', cachedRun.wall, 'the cached binary run directly', bare.wall),
    row('cached `tck run hello.c`', cachedRun.wall, 'tcc -run hello.c', tccRun.wall),
    row('cache hit through Node (`tck run -S`)', nodeHit.wall, 'node -e 0', node.wall),
    row('cold run (compile + run, -n): gcc', coldGcc.wall, 'same with tcc', coldTcc.wall),
  ]
}
