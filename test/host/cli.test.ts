/** The host as a user meets it: help, hooks, doctor, build, and its errors. */
import test from 'ava'
import {execFileSync} from 'node:child_process'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, oclifProbe, repoRoot, tck} from '../helpers/cli.js'
import {copyFixture, projectWith} from '../helpers/project.js'
import {requireProgram} from '../helpers/programs.js'

const stackLine = /^\s+at .+:\d+:\d+\)?$/m

test('--help lists the host commands and the plugins topic', async (t) => {
  const {code, stdout} = await tck(['--help'])
  t.is(code, 0)
  for (const command of ['build', 'doctor', 'hooks', 'plugins']) t.regex(stdout, new RegExp(`^  ${command}\\b`, 'm'))
})

test('tck hooks lists every hook in firing order, its tapable kind and who taps it', async (t) => {
  const {code, stdout} = await tck(['hooks', '--json'], {cwd: join(repoRoot, 'fixtures/hello')})
  t.is(code, 0)
  const {hooks} = JSON.parse(stdout) as {hooks: Array<{name: string; kind: string; taps: string[]}>}
  t.deepEqual(hooks.slice(0, 3).map((hook) => hook.name), ['configLoaded', 'recipeFilesDiscovered', 'recipeLoaded'])
  t.deepEqual(hooks.slice(-2).map((hook) => hook.name), ['buildFinished', 'reportCreated'])
  const byName = new Map(hooks.map((hook) => [hook.name, hook]))
  t.is(byName.get('execute')!.kind, 'AsyncSeriesBailHook')
  t.true(byName.get('execute')!.taps.includes('tck'), 'the host dispatches to executors')
  t.true(byName.get('requestCreated')!.taps.includes('tck.config.mjs'), 'the user config taps like a plugin')
  t.true(hooks.length >= 16)
})

test('tck doctor --json reports node, plugins, providers, wasm modules and tools', async (t) => {
  if (!requireProgram(t, 'gcc', 'gcc')) return
  const {code, stdout} = await tck(['doctor', '--json'])
  t.is(code, 0)
  const report = JSON.parse(stdout)
  t.is(report.node.version, process.versions.node)
  t.true(report.plugins.some((plugin: {name: string}) => plugin.name === '@tck/plugin-exec-local'))
  t.deepEqual(report.providers.executor.find((e: {name: string}) => e.name === 'local'), {name: 'local', plugin: '@tck/plugin-exec-local'})
  t.true(report.wasm.every((module: {loaded: boolean}) => module.loaded))
  const gcc = report.tools.find((tool: {name: string}) => tool.name === 'gcc')
  t.regex(gcc.version, /^\d+\.\d+/)
  t.is(gcc.version, execFileSync('gcc', ['-dumpfullversion'], {encoding: 'utf8'}).trim())
})

test('the README main command builds the hello fixture and the program runs', async (t) => {
  if (!requireProgram(t, 'gcc', 'gcc')) return
  const dir = copyFixture('hello')
  const {code, stderr} = await tck(['build', '--cwd', dir])
  t.is(code, 0, stderr)
  t.is(execFileSync(join(dir, 'out/hello'), ['tck'], {encoding: 'utf8'}), 'hello, tck\n')
})

test('--trace-hooks prints each hook as it fires and the taps it runs, config taps included', async (t) => {
  const dir = copyFixture('hello')
  const {code, stderr} = await tck(['build', 'compile:main', '--trace-hooks', '--cwd', dir])
  t.is(code, 0, stderr)
  const lines = stderr.split('\n')
  const index = (text: string) => lines.findIndex((line) => line.startsWith(text))
  t.true(index('hook configLoaded') >= 0)
  t.true(index('hook requestCreated [compile:main]') < index('hook computeKey [compile:main]'), 'the keyed request comes before the key')
  t.true(index('hook computeKey [compile:main]') < index('hook beforeExecute [compile:main]'))
  t.true(index('  tap requestCreated [compile:main] <- tck.config.mjs') > index('hook requestCreated [compile:main]'))
  t.true(index('  tap execute [compile:main] <- tck') > 0)
  t.true(index('hook buildFinished') > index('hook execute [compile:main]'))
})

test('a YAML config declares tasks with no JavaScript', async (t) => {
  const dir = copyFixture('yaml-tasks')
  const {code, stderr} = await tck(['build', '--cwd', dir])
  t.is(code, 0, stderr)
  t.is(readFileSync(join(dir, 'out/count.txt'), 'utf8').trim(), '2')
})

test('a bad config names the file and the key, without a stack trace', async (t) => {
  const dir = projectWith({'tck.config.json': JSON.stringify({tasks: {app: {run: 'true', deps: 'lib'}}})})
  const {code, stderr} = await tck(['build', '--cwd', dir])
  t.is(code, 3)
  t.regex(stderr, /tck\.config\.json: tasks\.app\.deps: Expected array, received string/)
  t.notRegex(stderr, stackLine)
})

test('a misspelt config key is reported, not ignored', async (t) => {
  const dir = projectWith({'.tckrc.yaml': 'taks:\n  app: {run: "true"}\n'})
  const {code, stderr} = await tck(['build', '--cwd', dir])
  t.is(code, 3)
  t.regex(stderr, /\.tckrc\.yaml: unknown key "taks"/)
})

test('a YAML syntax error names the file and line', async (t) => {
  const dir = projectWith({'tck.config.yaml': 'tasks:\n  app: {run: "true"\n'})
  const {code, stderr} = await tck(['build', '--cwd', dir])
  t.is(code, 3)
  t.regex(stderr, /tck\.config\.yaml/)
  t.regex(stderr, /line \d+|\(\d+:\d+\)/)
  t.notRegex(stderr, stackLine)
})

test('a syntax error in a JavaScript or JSON config names the file and the line, without a stack trace', async (t) => {
  const cases: Array<[string, string, RegExp]> = [
    ['tck.config.mjs', 'export default {\n  tasks: {a: {run: "true"}}\n', /tck\.config\.mjs:3: Unexpected end of input/],
    ['tck.config.mjs', 'export default {}\nthrow new Error("no such setting")\n', /tck\.config\.mjs:2:7: no such setting/],
    ['tck.config.json', '{\n  "tasks": {\n    "a": {"run": "true",}\n  }\n}\n', /tck\.config\.json:3:25: Expected double-quoted property name/],
  ]
  for (const [file, text, expected] of cases) {
    const {code, stderr} = await tck(['build', '--cwd', projectWith({[file]: text})])
    t.is(code, 3, stderr)
    t.regex(stderr, expected)
    t.notRegex(stderr, stackLine)
    t.notRegex(stderr, /require\(\)/, 'not the fallback loader\'s error')
  }
})

test('an error thrown in a config tap names the config and the hook', async (t) => {
  const dir = projectWith({
    'tck.config.mjs': `export default {
      tasks: {app: {run: 'true'}},
      register({pipeline}) { pipeline.computeKey.tap(() => { throw new Error('no key for you') }) },
    }`,
  })
  const {code, stderr} = await tck(['build', '--cwd', dir])
  t.is(code, 4)
  t.regex(stderr, /plugin tck\.config\.mjs failed in hook computeKey: no key for you/)
})

test('a failing task fails the build with its exit code and stderr, and skips its dependents', async (t) => {
  const dir = projectWith({
    'tck.config.yaml': 'tasks:\n  bad: {run: "echo broken >&2; exit 7"}\n  after: {run: "true", deps: [bad]}\n',
  })
  const {code, stdout} = await tck(['build', '--json', '--cwd', dir])
  t.is(code, 1)
  // --json is an event stream; its last line, build-end, carries every outcome.
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!)
  t.deepEqual(result.outcomes.map((o: {id: string; status: string}) => [o.id, o.status]), [['bad', 'failed'], ['after', 'skipped']])
  t.regex(result.outcomes[0].error, /exited with code 7:\nbroken/)
})

test('a dependency cycle is reported by task names', async (t) => {
  const dir = projectWith({'tck.config.yaml': 'tasks:\n  a: {run: "true", deps: [b]}\n  b: {run: "true", deps: [a]}\n'})
  const {code, stderr} = await tck(['build', '--cwd', dir])
  t.is(code, 3)
  t.regex(stderr, /dependency cycle: (a -> b -> a|b -> a -> b)/)
})

test('an unknown command says so plainly and suggests a plugin', async (t) => {
  const {code, stderr} = await tck(['frobnicate'])
  t.is(code, 2)
  t.regex(stderr, /no command "frobnicate"/)
  t.notRegex(stderr, stackLine)
})

test('the committed oclif manifest lists exactly the host commands that are built', async (t) => {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, unknown>}
  const commandsDir = join(repoRoot, 'dist/core/commands')
  const built = (dir: string, prefix = ''): string[] =>
    readdirSync(dir, {withFileTypes: true}).flatMap((entry) =>
      entry.isDirectory()
        ? built(join(dir, entry.name), `${prefix}${entry.name}:`)
        : entry.name.endsWith('.js') ? [`${prefix}${entry.name.replace(/\.js$/, '').replace(/:index$/, '')}`] : [],
    )
  t.deepEqual(Object.keys(manifest.commands).sort(), built(commandsDir).map((id) => id.replace(/:index$/, '')).sort(), 'run `npm run manifest` after changing commands')
})

test('every command answers --json', async (t) => {
  const env = isolatedEnv()
  for (const args of [['hooks'], ['doctor'], ['plugins']]) {
    const {code, stdout} = await tck([...args, '--json'], {env})
    t.is(code, 0, args.join(' '))
    t.notThrows(() => JSON.parse(stdout), args.join(' '))
  }
})

test('tck build takes the fast start: no module of oclif is loaded; --help is oclif\'s', async (t) => {
  const probe = oclifProbe()
  const env = {...isolatedEnv(), ...probe.env}
  const dir = projectWith({'tck.config.json': JSON.stringify({tasks: {make: {run: 'echo made > made.txt', outputs: ['made.txt']}}})})
  const build = await tck(['build', '--progress', 'none', '--cwd', dir], {env})
  t.is(build.code, 0, build.stderr)
  t.is(readFileSync(join(dir, 'made.txt'), 'utf8'), 'made\n')
  t.is(probe.oclifModules(), 0)
  const help = await tck(['build', '--help'], {env})
  t.is(help.code, 0)
  t.true(probe.oclifModules() > 0, 'the probe sees oclif when oclif runs')
})
