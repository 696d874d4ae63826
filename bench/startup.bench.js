// Start-up cost of the host, side by side with a bare `node -e 0` in one hyperfine run.
import {execFileSync} from 'node:child_process'
import {mkdtempSync, readFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

const root = new URL('..', import.meta.url).pathname
const tck = `${process.execPath} ${join(root, 'bin/run.js')}`

export default async function run() {
  const out = join(mkdtempSync(join(tmpdir(), 'tck-bench-')), 'startup.json')
  const commands = {
    'node -e 0': `${process.execPath} -e 0`,
    'tck --version': `${tck} --version`,
    'tck hooks': `${tck} hooks --cwd ${join(root, 'fixtures/hello')}`,
  }
  execFileSync('hyperfine', ['-N', '--warmup', '3', '--runs', '30', '--export-json', out, ...Object.values(commands)], {stdio: 'ignore'})
  const results = JSON.parse(readFileSync(out, 'utf8')).results
  const baseline = results[0].mean * 1000
  // CPU time (user + system) next to wall time: it hardly moves when other work shares the machine.
  const cpu = (result) => (result.user + result.system) * 1000
  const row = (name, value, peerValue, what) => ({
    name: `start-up ${what}: ${name}`,
    value: Number(value.toFixed(1)),
    unit: 'ms',
    peer: 'node -e 0',
    peerValue: Number(peerValue.toFixed(1)),
    ratio: Number((value / peerValue).toFixed(2)),
  })
  return Object.keys(commands).flatMap((name, index) => [
    row(name, results[index].mean * 1000, baseline, 'wall'),
    row(name, cpu(results[index]), cpu(results[0]), 'cpu'),
  ])
}
