import test from 'ava'
import {spawnSync} from 'node:child_process'
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, tck, tckBin} from '../helpers/cli.js'
import {projectWith} from '../helpers/project.js'
import {parseEvents, statuses} from './events.js'

// Each task announces itself, then waits (up to 20 s) for its partner to announce itself too: the
// pair can only finish if the pool really runs them at the same time — no clock involved.
const rendezvous = (self: string, other: string) =>
  `touch ${self}.started; i=0; while [ ! -e ${other}.started ]; do i=$((i+1)); [ $i -lt 400 ] || exit 9; sleep 0.05; done; echo ${self} >> order.log`

test('-j 2 runs two ready tasks at once, each in its own worker slot', async (t) => {
  const dir = projectWith({
    'tck.config.json': JSON.stringify({tasks: {a: {run: rendezvous('a', 'b'), cache: false}, b: {run: rendezvous('b', 'a'), cache: false}}}),
  })
  const {code, stdout, stderr} = await tck(['build', '-j', '2', '--json', '--cwd', dir], {env: isolatedEnv()})
  t.is(code, 0, stderr)
  const events = parseEvents(stdout)
  t.deepEqual(statuses(events), {a: 'built', b: 'built'})
  const workers = events.filter((event) => event.type === 'task-start').map((event) => event.worker).sort()
  t.deepEqual(workers, [0, 1])
})

test('-j 1 never overlaps tasks: each ends before the next starts', async (t) => {
  const step = (name: string) => `echo start ${name} >> log; sleep 0.1; echo end ${name} >> log`
  const dir = projectWith({
    'tck.config.json': JSON.stringify({tasks: Object.fromEntries(['a', 'b', 'c', 'd'].map((name) => [name, {run: step(name), cache: false}]))}),
  })
  const {code, stdout, stderr} = await tck(['build', '-j', '1', '--json', '--cwd', dir], {env: isolatedEnv()})
  t.is(code, 0, stderr)
  const lines = readFileSync(join(dir, 'log'), 'utf8').trim().split('\n')
  t.is(lines.length, 8)
  for (let index = 0; index < lines.length; index += 2) {
    t.is(lines[index].replace('start', 'end'), lines[index + 1], `tasks overlapped: ${lines.join(', ')}`)
  }
  t.true(parseEvents(stdout).filter((event) => event.type === 'task-start').every((event) => event.worker === 0))
})

test('a task starts only after all its dependencies ended, in a diamond', async (t) => {
  const dir = projectWith({
    'tck.config.json': JSON.stringify({
      tasks: {
        top: {run: 'cat left right > top', deps: ['left', 'right'], outputs: ['top']},
        left: {run: 'cat base > left', deps: ['base'], outputs: ['left']},
        right: {run: 'cat base base > right', deps: ['base'], outputs: ['right']},
        base: {run: 'echo base > base', outputs: ['base']},
      },
    }),
  })
  const {code, stdout, stderr} = await tck(['build', '-j', '4', '--json', '--cwd', dir], {env: isolatedEnv()})
  t.is(code, 0, stderr)
  t.is(readFileSync(join(dir, 'top'), 'utf8'), 'base\nbase\nbase\n')
  const events = parseEvents(stdout)
  const at = (type: string, id: string) => events.findIndex((event) => event.type === type && event.id === id)
  t.true(at('task-end', 'base') < at('task-start', 'left'))
  t.true(at('task-end', 'base') < at('task-start', 'right'))
  t.true(at('task-end', 'left') < at('task-start', 'top'))
  t.true(at('task-end', 'right') < at('task-start', 'top'))
})

test('a worker runs each task\'s own script: one task after another, each script longer than the last', async (t) => {
  // The shell may still read the last script after its exit status; a script rewritten in place
  // (longer than the last) once made it run the new script's tail: "Unterminated quoted string".
  const count = 300
  const tasks = Object.fromEntries(Array.from({length: count}, (_, index) => [`t${index}`, {
    run: `echo ${index} >> log`, cache: false, env: {PAD: 'x'.repeat(index * 37)}, deps: index > 0 ? [`t${index - 1}`] : [],
  }]))
  const dir = projectWith({'tck.config.json': JSON.stringify({tasks})})
  const {code, stderr} = await tck(['build', '-j', '1', '--progress', 'none', '--cwd', dir], {env: isolatedEnv()})
  t.is(code, 0, stderr)
  t.is(readFileSync(join(dir, 'log'), 'utf8'), Array.from({length: count}, (_, index) => `${index}\n`).join(''))
})

test('the CPU time of what a worker ran is in tck\'s own: workers are reaped at the end, not killed', (t) => {
  // A killed worker is reaped by init, and its tasks' CPU time was missing from `time tck build`.
  // The task burns more CPU (about 1.5 s) than tck itself takes, and writes down how much (`times`).
  const burn = 'i=0; while [ $i -lt 1500000 ]; do i=$((i+1)); done; times > times.txt'
  const dir = projectWith({'tck.config.json': JSON.stringify({tasks: {burn: {run: burn, cache: false}}})})
  const timed = spawnSync('bash', ['-c', 'TIMEFORMAT="%3U %3S"; time "$@" >/dev/null 2>&1', 'bash', process.execPath, tckBin, 'build', '--cwd', dir], {encoding: 'utf8', env: isolatedEnv()})
  t.is(timed.status, 0, timed.stderr)
  const seconds = (text: string) => [...text.matchAll(/(\d+)m([\d.]+)s/g)].slice(0, 2).reduce((sum, [, minutes, rest]) => sum + Number(minutes) * 60 + Number(rest), 0)
  const task = seconds(readFileSync(join(dir, 'times.txt'), 'utf8'))
  const [user, system] = timed.stderr.trim().split(/\s+/).slice(-2).map(Number)
  t.true(task > 0.3, `the task burned only ${task} s`)
  t.true(user + system >= task, `tck's CPU time ${user + system} s is less than its task's own ${task} s`)
})

test('a program named bare is found on the task\'s own PATH, not tck\'s, and its tool is keyed', async (t) => {
  const tool = (word: string) => `#!/bin/sh\necho ${word} > made.txt\n`
  const dir = projectWith({})
  for (const [bin, word] of [['task-bin', 'task-path'], ['decoy-bin', 'decoy']]) {
    mkdirSync(join(dir, bin))
    writeFileSync(join(dir, bin, 'make-it'), tool(word), {mode: 0o755})
  }
  writeFileSync(join(dir, 'tck.config.json'), JSON.stringify({tasks: {make: {run: ['make-it'], env: {PATH: `${join(dir, 'task-bin')}:/usr/bin:/bin`}, outputs: ['made.txt']}}}))
  const env = {...isolatedEnv(), PATH: `${join(dir, 'decoy-bin')}:${process.env.PATH}`}
  const first = await tck(['build', '--progress', 'none', '--cwd', dir], {env})
  t.is(first.code, 0, first.stderr)
  t.is(readFileSync(join(dir, 'made.txt'), 'utf8'), 'task-path\n')
  writeFileSync(join(dir, 'task-bin/make-it'), tool('edited'))
  const second = await tck(['build', '--progress', 'none', '--cwd', dir], {env})
  t.is(second.code, 0, second.stderr)
  t.is(readFileSync(join(dir, 'made.txt'), 'utf8'), 'edited\n', 'the program found is the one keyed: editing it runs the task again')
})
