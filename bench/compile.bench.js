// A cold build of C sources through tck's compile tasks, side by side with `make -j 2` on the same
// sources in one run: 200 files that each include <glib.h> (about a hundred headers apiece), each
// a `gcc -c` task tck keys by what the compiler read (design note 9). make does no keying and no
// caching: the ratio is what tck's per-compile work costs over the compiles themselves. Then a
// cached rebuild with the outputs removed (every object restored from the store). Medians of
// hyperfine runs, each after its --prepare has removed the outputs (and, cold, tck's store and state).
import {execFileSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, writeFileSync} from 'node:fs'
import {loadavg, tmpdir} from 'node:os'
import {join} from 'node:path'

const root = new URL('..', import.meta.url).pathname
const SOURCES = 200

function project(dir) {
  const cflags = execFileSync('pkg-config', ['--cflags', 'glib-2.0'], {encoding: 'utf8'}).trim().split(/\s+/)
  mkdirSync(join(dir, 'src'))
  const tasks = {}
  for (let i = 0; i < SOURCES; i++) {
    writeFileSync(join(dir, 'src', `f${i}.c`), `#include <glib.h>\n#include <stdio.h>\nint f${i}(void) { return g_str_hash("x${i}") + ${i}; }\n`)
    tasks[`cc:f${i}`] = {run: ['gcc', '-O0', ...cflags, '-c', `src/f${i}.c`, '-o', `out/f${i}.o`], inputs: [`src/f${i}.c`], outputs: [`out/f${i}.o`], kind: 'compile'}
  }
  writeFileSync(join(dir, 'tck.config.json'), JSON.stringify({tasks}))
  writeFileSync(join(dir, 'Makefile'), [
    `all: ${Array.from({length: SOURCES}, (_, i) => `out/f${i}.o`).join(' ')}`,
    'out/%.o: src/%.c',
    `\t@mkdir -p out && gcc -O0 ${cflags.join(' ')} -c $< -o $@`,
    '',
  ].join('\n'))
}

function hyperfine(commands, runs, cwd, env) {
  const out = join(mkdtempSync(join(tmpdir(), 'tck-bench-')), 'run.json')
  const args = commands.flatMap(({prepare}) => ['--prepare', prepare])
  execFileSync('hyperfine', ['-N', '--runs', String(runs), ...args, '--export-json', out, ...commands.map(({command}) => command)], {cwd, env, stdio: 'ignore'})
  return JSON.parse(readFileSync(out, 'utf8')).results.map((result) => ({wall: result.median, cpu: result.user + result.system}))
}

const s = (value) => Number(value.toFixed(2))
const row = (name, ours, theirs, peer, note) => ({name, value: s(ours.wall), unit: 's', peer, peerValue: s(theirs.wall), ratio: Number((ours.wall / theirs.wall).toFixed(3)), note: `cpu ${s(ours.cpu)} s vs ${s(theirs.cpu)} s${note ? `; ${note}` : ''}`})

export default async function run() {
  const dir = mkdtempSync(join(tmpdir(), 'tck-bench-compile-'))
  project(dir)
  const home = join(dir, '.home')
  const env = {...process.env, XDG_CACHE_HOME: join(home, 'cache'), XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), TCK_QUIET: '1'}
  const tck = `${join(root, 'bin', 'tck')} build -j 2 --progress none`
  const before = loadavg()[0]
  const [tckCold, makeCold] = hyperfine([
    {command: tck, prepare: `rm -rf out .tck ${home}`},
    {command: 'make -s -j 2', prepare: 'rm -rf out'},
  ], 3, dir, env)
  const [tckCached] = hyperfine([{command: tck, prepare: 'rm -rf out'}], 3, dir, env)
  const load = `load ${before.toFixed(1)} / ${loadavg()[0].toFixed(1)}`
  return [
    row(`cold build of ${SOURCES} GLib sources, -j 2`, tckCold, makeCold, 'make -j 2', load),
    row('the same, every object restored from the store', tckCached, makeCold, 'make -j 2 (cold)'),
  ]
}
