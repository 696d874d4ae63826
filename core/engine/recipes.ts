/** From files to recipes: discover, load, parse, expand — each step a hook. */
import {readFile} from 'node:fs/promises'
import {relative} from 'node:path'
import {glob} from 'tinyglobby'
import {noProjectError} from '../config/load.js'
import type {TaskConfig} from '../config/schema.js'
import {checkTaskPaths} from '../config/task-paths.js'
import type {Recipe, RecipeSource, TaskSpec} from '../contracts/task.js'
import type {BuildContext} from '../pipeline.js'
import type {Build} from './build.js'

const ignored = ['**/node_modules/**', '**/.git/**', '**/.tck/**']

export function taskFromConfig(id: string, recipe: string, task: TaskConfig, file?: string): TaskSpec {
  return {
    id,
    recipe,
    kind: task.kind,
    command: typeof task.run === 'string' ? {script: task.run} : {argv: [...task.run]},
    cwd: task.cwd,
    deps: task.deps,
    inputs: task.inputs,
    outputs: task.outputs,
    env: task.env,
    envPass: task.envPass,
    tools: task.tools,
    cacheable: task.cache,
    retries: task.retries,
    resources: {...task.resources, network: task.network},
    executor: task.executor,
    attrs: task.attrs,
    location: file ? {file} : undefined,
  }
}

/** The config's own tasks form one recipe, named after the config file. */
function configRecipe(build: BuildContext): Recipe | undefined {
  const entries = Object.entries(build.config.tasks)
  if (entries.length === 0) return undefined
  const file = build.configFile ? relative(build.root, build.configFile) : 'tck.config'
  return {
    name: file,
    parser: 'config',
    location: {file},
    vars: {},
    tasks: entries.map(([id, task]) => taskFromConfig(id, file, task, file)),
  }
}

async function discover(build: Build): Promise<RecipeSource[]> {
  const sources: RecipeSource[] = []
  for (const {provider} of build.registries.recipeParser.list()) {
    const options = {cwd: build.root, ignore: ignored}
    const files = await glob(provider.patterns, options)
    build.observed.glob(provider.patterns, options)
    for (const file of files.sort()) sources.push({file, parser: provider.name, text: ''})
  }
  return sources
}

/** The recipes of `given` sources, else of the config's tasks and of every file a parser's patterns find. */
export async function loadRecipes(build: Build, given?: RecipeSource[]): Promise<Recipe[]> {
  const {driver, registries} = build
  const sources = await driver.fire('recipeFilesDiscovered', given ?? (await discover(build)), build)
  const recipes: Recipe[] = []
  const fromConfig = given ? undefined : configRecipe(build)
  if (!given && !build.configFile && !fromConfig && sources.length === 0) throw noProjectError(build.root, registries.recipeParser.list().map(({provider}) => provider))
  if (fromConfig) recipes.push(fromConfig)
  for (const found of sources) {
    const text = found.text || (await readFile(`${build.root}/${found.file}`, 'utf8'))
    const source = await driver.fire('recipeLoaded', {...found, text}, build)
    recipes.push(...(await registries.recipeParser.get(source.parser).parse(source, build)))
  }
  const expanded: Recipe[] = []
  for (const recipe of recipes) {
    const parsed = await driver.fire('recipeParsed', recipe, build)
    const done = await driver.fire('recipeExpanded', parsed, build)
    // A parser may run a task where the user is (an absolute cwd: `tck run` in their directory); what it reads and writes stays inside.
    for (const task of done.tasks) checkTaskPaths(task, {absoluteCwd: done.parser !== 'config'})
    expanded.push(done)
  }
  return expanded
}
