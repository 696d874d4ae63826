/** What a new user meets first: a wrong --cwd, a directory with no project, a config tap that throws. */
import test from 'ava'
import {execFileSync} from 'node:child_process'
import {existsSync, readdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, repoRoot, tck, tempDir} from '../helpers/cli.js'
import {projectWith} from '../helpers/project.js'

const stackLine = /^\s+at .+:\d+:\d+\)?$/m

test('--cwd to a missing directory is an error naming it, and creates nothing', async (t) => {
  const missing = join(tempDir('tck-cwd-'), 'nope')
  for (const command of [['build'], ['query', '*'], ['hooks']]) {
    const {code, stdout, stderr} = await tck([...command, '--cwd', missing])
    t.is(code, 2, `${command[0]}: ${stderr}`)
    t.regex(stderr, new RegExp(`--cwd ${missing}: no such directory`), command[0])
    t.is(stdout, '', command[0])
    t.notRegex(stderr, stackLine)
  }
  t.false(existsSync(missing), 'not created, .tck/reports neither')
})

test('--cwd to a file is an error too', async (t) => {
  const file = join(tempDir('tck-cwd-'), 'CMakeLists.txt')
  writeFileSync(file, 'project(x)\n')
  const {code, stderr} = await tck(['build', '--cwd', file])
  t.is(code, 2)
  t.regex(stderr, /not a directory/)
})

test('a directory with no configuration and no recipe says what tck looked for and how to start, and writes nothing', async (t) => {
  const empty = tempDir('tck-empty-')
  for (const command of [['build'], ['query', '*']]) {
    const {code, stderr} = await tck(command, {cwd: empty})
    t.is(code, 3, `${command[0]}: ${stderr}`)
    t.regex(stderr, new RegExp(`no tck project in ${empty}`))
    t.regex(stderr, /tck\.config\.\{mjs,js,cjs,json,yaml,yml\}, \.tckrc\*, a "tck" key in package\.json/)
    t.regex(stderr, /files a recipe parser reads/)
    t.regex(stderr, /tck init/)
    t.notRegex(stderr, /nothing to do/)
  }
  t.deepEqual(readdirSync(empty), [], 'no .tck/ written')
})

test('a directory whose only recipe is a file a parser reads is a project, with no config at all', async (t) => {
  execFileSync(process.execPath, [join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', join(repoRoot, 'fixtures/plugin-template/tsconfig.json')])
  const env = isolatedEnv()
  const link = await tck(['plugins', 'link', join(repoRoot, 'fixtures/plugin-template'), '--no-install'], {env})
  t.is(link.code, 0, link.stderr)
  const empty = tempDir('tck-empty-')
  const none = await tck(['build'], {cwd: empty, env})
  t.is(none.code, 3)
  t.regex(none.stderr, /template-lines: \*\.tasks/, 'the parser\'s patterns are named')

  const dir = projectWith({'hello.tasks': 'greet: echo hi > greeting.txt\n'})
  const build = await tck(['build'], {cwd: dir, env})
  t.is(build.code, 0, build.stderr)
  t.true(existsSync(join(dir, 'greeting.txt')))
})

test('a tap in the user\'s config that throws is pointed at by file and line, not offered for removal', async (t) => {
  const dir = projectWith({
    'tck.config.mjs': [
      'export default {',
      "  tasks: {app: {run: 'true'}},",
      '  register({pipeline}) {',
      "    pipeline.computeKey.tap(() => { throw new Error('no key for you') })",
      '  },',
      '}',
    ].join('\n'),
  })
  const {code, stderr} = await tck(['build', '--cwd', dir])
  t.is(code, 4)
  t.regex(stderr, /plugin tck\.config\.mjs failed in hook computeKey: no key for you/)
  t.regex(stderr, /tck\.config\.mjs:4:\d+; fix it there/)
  t.notRegex(stderr, /tck plugins remove/)
})

test('a config whose register() itself throws names the line too', async (t) => {
  const dir = projectWith({'tck.config.mjs': "export default {\n  register() {\n    throw new Error('not today')\n  },\n}\n"})
  const {code, stderr} = await tck(['hooks', '--cwd', dir])
  t.is(code, 4)
  t.regex(stderr, /tck\.config\.mjs:3:\d+; fix it there/)
  t.notRegex(stderr, /tck plugins remove/)
})
