/** From files to recipes: discover, load, parse, expand — each step a hook. */
import {readFile} from 'node:fs/promises'
import {relative} from 'node:path'
import {glob} from 'tinyglobby'
import type {TaskConfig} from '../config/schema.js'
import {checkTaskPaths} from '../config/task-paths.js'
import type {Recipe, RecipeSource, TaskSpec} from '../contracts/task.js'
import type {BuildContext, Pipeline} from '../pipeline.js'
import type {Registries} from '../registries.js'

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

async function discover(build: BuildContext, registries: Registries): Promise<RecipeSource[]> {
  const sources: RecipeSource[] = []
  for (const {provider} of registries.recipeParser.list()) {
    const files = await glob(provider.patterns, {cwd: build.root, ignore: ignored})
    for (const file of files.sort()) sources.push({file, parser: provider.name, text: ''})
  }
  return sources
}

export async function loadRecipes(build: BuildContext, pipeline: Pipeline, registries: Registries): Promise<Recipe[]> {
  const sources = await pipeline.recipeFilesDiscovered.promise(await discover(build, registries), build)
  const recipes: Recipe[] = []
  const fromConfig = configRecipe(build)
  if (fromConfig) recipes.push(fromConfig)
  for (const found of sources) {
    const text = found.text || (await readFile(`${build.root}/${found.file}`, 'utf8'))
    const source = await pipeline.recipeLoaded.promise({...found, text}, build)
    recipes.push(...(await registries.recipeParser.get(source.parser).parse(source)))
  }
  const expanded: Recipe[] = []
  for (const recipe of recipes) {
    const parsed = await pipeline.recipeParsed.promise(recipe, build)
    expanded.push(await pipeline.recipeExpanded.promise(parsed, build))
    expanded.at(-1)!.tasks.forEach(checkTaskPaths)
  }
  return expanded
}
