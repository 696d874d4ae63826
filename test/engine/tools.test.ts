import test from 'ava'
import {execFileSync} from 'node:child_process'
import {appendFileSync, chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {Compiler} from '../../core/contracts/compiler.js'
import {compilersNamed} from '../../core/engine/tools.js'
import {isolatedEnv, tck, tempDir} from '../helpers/cli.js'
import {projectWith} from '../helpers/project.js'
import {parseEvents, statuses} from './events.js'

/** A task's recorded key parts as `[kind:name, value]` pairs, the way explain names them. */
function manifestParts(dir: string, task: string): Array<[string, string]> {
  const parts = JSON.parse(readFileSync(join(dir, '.tck/explain/current.json'), 'utf8')).tasks[task].parts as Array<{kind: string; name: string; value: string}>
  return parts.map(({kind, name, value}) => [kind === name ? kind : `${kind}:${name}`, value])
}

/** An executable shell script at `dir/name`. */
function script(dir: string, name: string, body: string): string {
  const file = join(dir, name)
  writeFileSync(file, `#!/bin/sh\n${body}\n`)
  chmodSync(file, 0o755)
  return file
}

/** A project, and an environment whose PATH starts with `bins` (each a directory). */
function setup(config: object, bins: string[]) {
  const dir = projectWith({'tck.config.json': JSON.stringify({tasks: config})})
  const env = isolatedEnv({PATH: [...bins, process.env.PATH].join(':')})
  const build = async () => {
    const {code, stdout, stderr} = await tck(['build', '--json'], {cwd: dir, env})
    return {code, stderr, outcomes: statuses(parseEvents(stdout))}
  }
  const explain = async (task: string) => {
    const {code, stdout, stderr} = await tck(['explain', task, '--json'], {cwd: dir, env})
    if (code !== 0) throw new Error(stderr)
    return JSON.parse(stdout) as {verdict: string; changes: Array<{part: string}>}
  }
  const parts = (task: string): Array<[string, string]> => manifestParts(dir, task)
  return {dir, env, build, explain, parts}
}

test('an argv task is keyed by its program: a new content at the same path runs it again, and explain names tool:<name>', async (t) => {
  const bin = tempDir('tck-bin-')
  script(bin, 'cc-wrapper', 'echo one > "$1"')
  const project = setup({gen: {run: ['cc-wrapper', 'out/x'], outputs: ['out/x']}}, [bin])
  t.deepEqual((await project.build()).outcomes, {gen: 'built'})
  t.deepEqual((await project.build()).outcomes, {gen: 'cached'})

  script(bin, 'cc-wrapper', 'echo two > "$1"')
  const explanation = await project.explain('gen')
  t.is(explanation.verdict, 'changed')
  t.deepEqual(explanation.changes.map((change) => change.part), ['tool:cc-wrapper'])
  const text = await tck(['explain', 'gen'], {cwd: project.dir, env: project.env})
  t.regex(text.stdout, /program cc-wrapper: .*cc-wrapper changed content/)
  t.deepEqual((await project.build()).outcomes, {gen: 'built'})
  t.is(readFileSync(join(project.dir, 'out/x'), 'utf8'), 'two\n')
})

test('the same name found elsewhere on an unchanged PATH is another program, even with the same content', async (t) => {
  const first = tempDir('tck-bin-')
  const second = tempDir('tck-bin-')
  const wrapper = script(second, 'cc-wrapper', 'echo one > "$1"')
  const project = setup({gen: {run: ['cc-wrapper', 'out/x'], outputs: ['out/x']}}, [first, second])
  t.deepEqual((await project.build()).outcomes, {gen: 'built'})
  t.deepEqual((await project.build()).outcomes, {gen: 'cached'})

  copyFileSync(wrapper, join(first, 'cc-wrapper'))
  chmodSync(join(first, 'cc-wrapper'), 0o755)
  const explanation = await project.explain('gen')
  t.deepEqual(explanation.changes.map((change) => change.part), ['tool:cc-wrapper'])
  t.deepEqual((await project.build()).outcomes, {gen: 'built'})
  t.is(project.parts('gen').find(([name]) => name === 'tool:cc-wrapper')![1].split(' ')[0], realpathSync(join(first, 'cc-wrapper')))
})

test('a shell-script task is keyed as before unless it lists its tools; listed, a change to one runs it again', async (t) => {
  const bin = tempDir('tck-bin-')
  script(bin, 'cc-wrapper', 'echo one > "$1"')
  const project = setup({gen: {run: 'cc-wrapper out/x', outputs: ['out/x']}}, [bin])
  t.deepEqual((await project.build()).outcomes, {gen: 'built'})
  t.false(project.parts('gen').some(([name]) => name.startsWith('tool:')))
  script(bin, 'cc-wrapper', 'echo two > "$1"')
  t.deepEqual((await project.build()).outcomes, {gen: 'cached'}, 'tck cannot know what a script runs')

  writeFileSync(join(project.dir, 'tck.config.json'), JSON.stringify({tasks: {gen: {run: 'cc-wrapper out/x', outputs: ['out/x'], tools: ['cc-wrapper']}}}))
  t.deepEqual((await project.build()).outcomes, {gen: 'built'})
  t.deepEqual((await project.build()).outcomes, {gen: 'cached'})
  script(bin, 'cc-wrapper', 'echo three > "$1"')
  t.deepEqual((await project.build()).outcomes, {gen: 'built'})
  t.is(readFileSync(join(project.dir, 'out/x'), 'utf8'), 'three\n')
})

test('a gcc task is keyed by the compiler behind the driver, detected once: the cached rebuild starts no process', async (t) => {
  const gcc = execFileSync('sh', ['-c', 'command -v gcc'], {encoding: 'utf8'}).trim()
  const bin = tempDir('tck-bin-')
  const log = join(bin, 'gcc.log')
  // A wrapper, as ccache is: every run of "gcc" is logged, detection included.
  const wrapper = script(bin, 'gcc', `echo "$*" >> ${log}\nexec ${gcc} "$@"`)
  const dir = projectWith({
    'a.c': 'int answer(void) { return 42; }\n',
    'tck.config.mjs': `import {appendFileSync} from 'node:fs'
export default {
  tasks: {compile: {run: ['gcc', '-c', 'a.c', '-o', 'out/a.o'], inputs: ['a.c'], outputs: ['out/a.o']}},
  register({pipeline}) {
    pipeline.execute.tap((request, task) => { appendFileSync(new URL('./spawns.log', import.meta.url), task.task.id + '\\n') }, {stage: -100})
  },
}
`,
  })
  const env = isolatedEnv({PATH: `${bin}:${process.env.PATH}`})
  const build = async () => {
    rmSync(log, {force: true})
    rmSync(join(dir, 'spawns.log'), {force: true})
    const {code, stdout, stderr} = await tck(['build', '--json'], {cwd: dir, env})
    t.is(code, 0, stderr)
    return statuses(parseEvents(stdout)).compile
  }

  t.is(await build(), 'built')
  t.true(readFileSync(log, 'utf8').split('\n').includes('-v'), 'detected by running the wrapper with -v')
  const parts = manifestParts(dir, 'compile')
  const compiler = JSON.parse(parts.find(([name]) => name === 'compiler:gcc')![1])
  t.is(compiler.name, 'gcc')
  t.regex(compiler.version, /^\d+\.\d+/)
  t.regex(compiler.target, /-linux-/)
  t.true(compiler.files.some(([file, digest]: [string, string]) => file.endsWith('/cc1') && /^[0-9a-f]{64}$/.test(digest)), JSON.stringify(compiler.files))
  t.truthy(JSON.parse(readFileSync(join(dir, '.tck/tools.json'), 'utf8')).programs[wrapper].compilers.gcc)

  t.is(await build(), 'cached')
  t.false(existsSync(log), 'the detection came from .tck/tools.json')
  t.false(existsSync(join(dir, 'spawns.log')), 'no task reached an executor')

  appendFileSync(wrapper, '# another wrapper\n')
  t.is(await build(), 'built')
  t.true(readFileSync(log, 'utf8').split('\n').includes('-v'), 'a changed program is detected again')
})

test('a program no compiler answers to is never run to compute a key', async (t) => {
  const dir = projectWith({})
  mkdirSync(join(dir, 'out'))
  // Each run leaves a line: only the build that executes the task may run them.
  script(dir, 'deploy.sh', 'echo ran >> deploy.marker\necho ok > out/deployed')
  script(dir, 'gcc-notes.sh', 'echo ran >> notes.marker\necho ok > out/notes')
  writeFileSync(join(dir, 'tck.config.json'), JSON.stringify({tasks: {
    deploy: {run: ['./deploy.sh'], outputs: ['out/deployed']},
    notes: {run: ['./gcc-notes.sh'], outputs: ['out/notes']},
  }}))
  const env = isolatedEnv()
  const runs = (marker: string) => (existsSync(join(dir, marker)) ? readFileSync(join(dir, marker), 'utf8').trim().split('\n').length : 0)

  t.is((await tck(['explain', '--json'], {cwd: dir, env})).code, 0)
  t.deepEqual([runs('deploy.marker'), runs('notes.marker')], [0, 0], 'explain computes keys without running anything')
  t.is((await tck(['build'], {cwd: dir, env})).code, 0)
  t.deepEqual([runs('deploy.marker'), runs('notes.marker')], [1, 1])
  const parts = manifestParts(dir, 'deploy')
  t.regex(parts.find(([name]) => name === 'tool:./deploy.sh')![1], /^deploy\.sh [0-9a-f]{64}$/, 'in the project: from its root, so checkouts elsewhere share keys')
  t.false(parts.some(([name]) => name.startsWith('compiler:')))
  t.is((await tck(['build'], {cwd: dir, env})).code, 0)
  t.is((await tck(['explain', '--json'], {cwd: dir, env})).code, 0)
  t.deepEqual([runs('deploy.marker'), runs('notes.marker')], [1, 1], 'cached: neither ran again, not even to be identified')
})

test('a damaged or foreign .tck/tools.json does not fail the build; it is rewritten', async (t) => {
  const project = setup({compile: {run: ['cc', '-c', 'a.c', '-o', 'out/a.o'], inputs: ['a.c'], outputs: ['out/a.o']}}, [])
  writeFileSync(join(project.dir, 'a.c'), 'int answer(void) { return 42; }\n')
  t.deepEqual((await project.build()).outcomes, {compile: 'built'})
  const file = join(project.dir, '.tck/tools.json')
  for (const damaged of ['{"format": "tck-tools/2", "progr', '[1, 2, 3]', '{"format": "tck-tools/2", "programs": {"/usr/bin/cc": {"realpath": 7}}}']) {
    writeFileSync(file, damaged)
    const result = await project.build()
    t.is(result.code, 0, result.stderr)
    t.deepEqual(result.outcomes, {compile: 'cached'}, 'the same compiler, detected again, gives the same key')
    t.is(JSON.parse(readFileSync(file, 'utf8')).format, 'tck-tools/2')
  }
})

test('only a compiler name, with a target prefix or a version suffix, is offered to a compiler', (t) => {
  const compiler = (name: string, programs?: string[]) => ({name, programs}) as unknown as Compiler
  const compilers = [compiler('gcc', ['gcc', 'g++', 'cc', 'c++']), compiler('clang', ['clang', 'clang++']), compiler('mystery')]
  const offered = (name: string, realpath = `/usr/bin/${name}`) => compilersNamed(compilers, name, realpath).map((c) => c.name)
  for (const name of ['gcc', 'cc', 'c++', 'gcc-12', 'aarch64-linux-gnu-gcc', 'x86_64-linux-gnu-gcc-12', '/usr/lib/ccache/g++']) t.deepEqual(offered(name), ['gcc'], name)
  for (const name of ['clang++-14', 'clang-14.0', 'arm-none-eabi-clang']) t.deepEqual(offered(name), ['clang'], name)
  for (const name of ['./deploy.sh', 'gcc-notes.sh', 'gcc-ar', 'tcc', 'c++filt', 'cc1', 'mystery', 'make']) t.deepEqual(offered(name), [], name)
  t.deepEqual(offered('cc', '/usr/lib/llvm-14/bin/clang'), ['gcc', 'clang'], 'by the name as written and by the real file')
  t.deepEqual(offered('my-compiler', '/usr/bin/x86_64-linux-gnu-gcc-12'), ['gcc'])
})
