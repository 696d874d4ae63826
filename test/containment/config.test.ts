import test from 'ava'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tck} from '../helpers/cli.js'
import {cleanup, env, project} from './helpers.js'

const build = (dir: string, environment: NodeJS.ProcessEnv) => tck(['build'], {cwd: dir, env: environment})

// A task's cwd, inputs and outputs stay inside the project, from tck.config and from recipe parsers.

test.after.always(cleanup)

const refused = test.macro(async (t, task: Record<string, unknown>, message: RegExp) => {
  const dir = project({t: {run: 'true', ...task}})
  const built = await build(dir, env())
  t.is(built.code, 3, built.stderr)
  t.regex(built.stderr, message)
  t.notRegex(built.stderr, /does not exist/)
})

test('cwd "../.." is refused', refused, {cwd: '../..'}, /tasks\.t\.cwd: "\.\.\/\.\." leaves the project; it must be a path relative to the project root/)
test('input ".." is refused', refused, {inputs: ['..']}, /tasks\.t\.inputs\.0: "\.\." leaves the project/)
test('input "../x" is refused', refused, {inputs: ['src/../../x']}, /tasks\.t\.inputs\.0: "src\/\.\.\/\.\.\/x" leaves the project/)
test('an absolute input is refused with the rule, not reported missing', refused, {inputs: ['/etc/hostname']}, /tasks\.t\.inputs\.0: "\/etc\/hostname" is absolute; it must be a path relative to the project root/)
test('an output outside the project is refused when the config is read', refused, {outputs: ['../x']}, /tasks\.t\.outputs\.0: "\.\.\/x" leaves the project/)
test('the project root as an output is refused', refused, {outputs: ['./']}, /tasks\.t\.outputs\.0: "\.\/" is the project root itself/)

test('a task a recipe parser produces is held to the same rule', async (t) => {
  const dir = project({})
  const task = {id: 'e', recipe: 'e', kind: 'x', command: {argv: ['true']}, deps: [], inputs: ['../outside'], outputs: [], env: {}, envPass: [], cacheable: true, retries: 0, resources: {}, attrs: {}}
  writeFileSync(
    join(dir, 'tck.config.mjs'),
    `export default {register({registries}) {
  registries.recipeParser.register({name: 'evil', patterns: ['*.evil'], async parse(source) {
    return [{name: 'e', parser: 'evil', location: {file: source.file}, vars: {}, tasks: [{...${JSON.stringify(task)}, location: {file: source.file, line: 3}}]}]
  }})
}}
`,
  )
  writeFileSync(join(dir, 'a.evil'), 'evil\n')
  const built = await build(dir, env())
  t.is(built.code, 3, built.stderr)
  t.regex(built.stderr, /a\.evil:3: task "e": inputs "\.\.\/outside" leaves the project/)
})
