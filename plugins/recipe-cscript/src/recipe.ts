/**
 * A script as the engine sees it: one recipe, two tasks. The compile task compiles the source as
 * the compiler should see it (`src/<name>.c`, with `#line` naming the user's file) into
 * `out/<name>`, both under the run's own root; the execute task runs the installed binary with
 * the terminal.
 */
import {mkdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {BuildContext, Recipe, RecipeSource, TaskSpec} from 'tck'
import {crispyFlags, crispyReason, PROFILE_PARAMS} from './crispy.js'
import {expandParams, isDynamic, splitFlags} from './params.js'
import {parseScript} from './source.js'
import {COMPILE_KIND, EXECUTE_KIND, SCRIPT_PARSER, type ScriptRun} from './types.js'

/** Variables the compiler reads: passed to the compile task, and so part of its key. */
export const COMPILER_ENV = ['CPATH', 'C_INCLUDE_PATH', 'LIBRARY_PATH', 'GCC_EXEC_PREFIX', 'COMPILER_PATH', 'TMPDIR']
/** The language of the compiler's messages, so they read as on the user's terminal. */
const LOCALE_ENV = ['LANG', 'LC_ALL', 'LC_MESSAGES', 'LC_CTYPE']

function task(id: string, recipe: string, kind: string, file: string, fields: Partial<TaskSpec>): TaskSpec {
  return {
    id, recipe, kind, command: {argv: []}, deps: [], inputs: [], outputs: [], env: {}, envPass: [], cacheable: false,
    retries: 0, resources: {}, executor: 'local', attrs: {script: file}, location: {file}, ...fields,
  }
}

export const scriptOf = (build: BuildContext) => build.options.script as ScriptRun

/** Phases 1–2: the source as loaded (taps have edited it), params expanded into flags and libraries. */
export async function parseScriptRecipe(source: RecipeSource, build: BuildContext): Promise<Recipe[]> {
  const script = scriptOf(build)
  const parsed = parseScript(script.file, source.text)
  script.params = parsed.params
  script.body = parsed.body
  await mkdir(join(build.root, 'src'), {recursive: true})
  await writeFile(join(build.root, 'src', `${script.name}.c`), parsed.body)
  const recipe: Recipe = {
    name: script.name,
    parser: SCRIPT_PARSER,
    location: {file: script.file},
    vars: {},
    tasks: [
      task(`${script.name}:compile`, script.name, COMPILE_KIND, script.file, {
        cacheable: true, cwd: script.cwd, inputs: [`src/${script.name}.c`], outputs: [`out/${script.name}`], envPass: [...COMPILER_ENV, ...LOCALE_ENV],
        compiler: script.provider.name,
      }),
      task(`${script.name}:execute`, script.name, EXECUTE_KIND, script.file, {deps: [`${script.name}:compile`], cwd: script.cwd}),
    ],
  }
  const expansions: Array<{raw: string; text: string}> = []
  const reason = crispyReason(script.crispy, parsed)
  if (reason) {
    const glib = await crispyFlags(script.file, reason, script.cwd)
    // First, as Crispy puts them; GLib's libraries last, after those of the script that need them.
    script.flags.unshift(...glib.flags)
    script.libs.push(...glib.libs)
    script.profile = {name: 'crispy', why: reason.why}
    expansions.push({raw: PROFILE_PARAMS, text: glib.text})
  }
  if (parsed.params) {
    const expanded = await expandParams(parsed.params.raw, {...parsed.params, file: script.file}, script.cwd)
    const {flags, libs} = splitFlags(expanded.words)
    script.flags.push(...flags)
    // Before the config's libraries: the script's own come first on the link line.
    script.libs.unshift(...libs)
    recipe.vars[parsed.params.name] = expanded.text
    expansions.push({raw: parsed.params.raw, text: expanded.text})
  }
  if (expansions.length > 0) {
    // The launcher re-expands all of it as one params string: the words of each part, in order.
    const raw = expansions.map((part) => part.raw).join(' ')
    script.expansion = {raw, expanded: expansions.map((part) => part.text).filter(Boolean).join('\n'), dynamic: isDynamic(raw)}
  }
  return [recipe]
}
