import test from 'ava'
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'
import {isolatedEnv, repoRoot, tck} from '../helpers/cli.js'
import {projectWith} from '../helpers/project.js'
import {requireProgram} from '../helpers/programs.js'

const project = () =>
  projectWith({
    'tck.config.json': JSON.stringify({
      tasks: {
        gen: {run: 'echo 1 > gen.txt', outputs: ['gen.txt']},
        use: {run: 'cat gen.txt > use.txt', deps: ['gen'], outputs: ['use.txt']},
      },
    }),
  })

test('off a terminal, progress is plain lines on stderr: one per task and a summary', async (t) => {
  const {code, stdout, stderr} = await tck(['build', '--cwd', project()], {env: isolatedEnv()})
  t.is(code, 0, stderr)
  t.is(stdout, '')
  const lines = stderr.trim().split('\n')
  t.regex(lines[0], /^\[1\/2\] built +gen \(\d+ ms\)$/)
  t.regex(lines[1], /^\[2\/2\] built +use \(\d+ ms\)$/)
  t.regex(lines[2], /^build finished in .+: 2 built$/)
  t.false(stderr.includes('\u001B['), 'no terminal escapes in plain mode')
})

test('--json streams newline-delimited events on stdout and nothing on stderr', async (t) => {
  const {code, stdout, stderr} = await tck(['build', '--json', '--cwd', project()], {env: isolatedEnv()})
  t.is(code, 0, stderr)
  t.is(stderr, '')
  const events = stdout.trim().split('\n').map((line) => JSON.parse(line))
  t.deepEqual(
    events.map((event) => [event.type, event.id]),
    [['build-start', undefined], ['task-start', 'gen'], ['task-end', 'gen'], ['task-start', 'use'], ['task-end', 'use'], ['build-end', undefined]],
  )
  t.is(events[0].total, 2)
  t.is(events[2].status, 'built')
  t.is(typeof events[2].durationMs, 'number')
  t.true(events.every((event) => typeof event.time === 'number'))
  t.deepEqual(events.at(-1).counts, {built: 2, cached: 0, failed: 0, skipped: 0, aborted: 0})
  t.true(events.at(-1).ok)
})

test('--json keeps stdout a stream even for errors: a bad config is one more JSON line', async (t) => {
  const dir = projectWith({'tck.config.json': JSON.stringify({tasks: {a: {run: 'true', deps: 'b'}}})})
  const {code, stdout} = await tck(['build', '--json', '--cwd', dir], {env: isolatedEnv()})
  t.is(code, 3)
  const lines = stdout.trim().split('\n')
  t.is(lines.length, 1)
  t.is(JSON.parse(lines[0]).error.code, 'CONFIG_INVALID')
})

test('--progress none prints only the failure', async (t) => {
  const dir = projectWith({'tck.config.json': JSON.stringify({tasks: {a: {run: 'true'}, b: {run: 'exit 4'}}})})
  const {code, stderr} = await tck(['build', '--progress', 'none', '--keep-going', '--cwd', dir], {env: isolatedEnv()})
  t.is(code, 1)
  t.is(stderr.trim(), 'tck: error: task "b" exited with code 4')
})

// util-linux `script` gives tck a real pseudo-terminal, as a developer's shell would.
test('on a terminal, the live view draws in place, shows the running task, and ends with the summary', async (t) => {
  if (!requireProgram(t, 'script', 'bsdutils')) return
  const dir = projectWith({
    'tck.config.json': JSON.stringify({tasks: {slow: {run: 'sleep 3', cache: false}, top: {run: 'true', deps: ['slow'], cache: false}}}),
  })
  const command = `${shellQuote(join(repoRoot, 'bin/tck'))} build --cwd ${shellQuote(dir)}`
  const {stdout, status} = spawnSync('script', ['-qec', command, '/dev/null'], {env: {...process.env, ...isolatedEnv()}, encoding: 'utf8'})
  t.is(status, 0, stdout)
  t.true(stdout.startsWith('\u001B[?25l[0/2] 0 built · 0 cached · 0 running'), JSON.stringify(stdout.slice(0, 80)))
  t.regex(stdout, /\u001B\[\d+A\r\u001B\[0J\[0\/2\] 0 built · 0 cached · 1 running\r?\n {2}slow [1-3]s/, 'the clock redraws the running task in place')
  t.regex(stdout, /build finished in .+: 2 built\r?\n\u001B\[\?25h$/)
})

const shellQuote = (text: string) => `'${text.replaceAll("'", "'\\''")}'`
