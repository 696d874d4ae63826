/**
 * Phases 1–2 of a script: source loaded (recipeLoaded) and params expanded (recipeExpanded), then
 * the two-task graph (graphBuilt, scheduled). Flags combine config < script params < plugins <
 * config overrides: the overrides are appended after the plugins' recipeExpanded taps.
 */
import {readFile} from 'node:fs/promises'
import {basename, dirname, isAbsolute, join, resolve} from 'node:path'
import type {Recipe} from '../contracts/task.js'
import {buildGraph} from '../engine/graph.js'
import {TckError} from '../errors.js'
import {sha256} from '../io/digest.js'
import type {BuildContext, Pipeline} from '../pipeline.js'
import type {SelectedCompiler} from './compiler.js'
import type {RunConfig} from './config.js'
import {expandParams, isDynamic, splitFlags} from './params.js'
import {scriptRecipe} from './recipe.js'
import {parseScript, wrapInline} from './source.js'
import {SCRIPT_PARSER, type ScriptRun} from './types.js'

export type ScriptInput = {file: string} | {inline: string} | {stdin: true}

export async function readInput(input: ScriptInput, cwd: string, includes: string[]): Promise<{file: string; text: string}> {
  if ('inline' in input) return {file: '<inline>', text: wrapInline(input.inline, includes)}
  if ('stdin' in input) {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return {file: '<stdin>', text: Buffer.concat(chunks).toString('utf8')}
  }
  const file = resolve(cwd, input.file)
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new TckError(error.code === 'ENOENT' ? 'USAGE' : 'IO', `cannot read script ${input.file}: ${error.message}`, {
      hint: error.code === 'ENOENT' ? 'Check the path, or use `-` to read the script from stdin.' : undefined,
    })
  })
  return {file, text}
}

const programName = (file: string) => (file.startsWith('<') ? file.slice(1, -1) : basename(file).replace(/\.[ch]$/, '')) || 'script'

export interface PreparedScript {
  script: ScriptRun
  build: BuildContext
  recipe: Recipe
  /** The text the compiler sees (after plugin edits, with `#line`). */
  body: string
  name: string
  /** Where this run compiles, if it has to; created only then. */
  staging: string
  stagedSource: string
  /** Where the compiler lists the files the source included. */
  depfile: string
  /** For the launch entry: the raw params and their expansion. */
  expansion?: {raw: string; expanded: string; dynamic: boolean}
}

export async function prepareScript(
  pipeline: Pipeline,
  newBuild: (script: ScriptRun) => BuildContext,
  source: {file: string; text: string},
  compiler: SelectedCompiler,
  config: RunConfig,
  options: {cwd: string; args: string[]; gdb: boolean; cacheDir: string},
): Promise<PreparedScript> {
  const {file} = source
  // The staged copy lives in the cache, so `#include "util.h"` next to the script needs its dir.
  const scriptDir = isAbsolute(file) ? [`-I${dirname(file)}`] : []
  const script: ScriptRun = {file, args: options.args, flags: [...scriptDir, ...config.flags], libs: [], compiler: compiler.identity, debug: options.gdb, cacheDir: options.cacheDir}
  const build = newBuild(script)
  const loaded = await pipeline.recipeLoaded.promise({file, parser: SCRIPT_PARSER, text: source.text}, build)
  const parsed = parseScript(file, loaded.text)
  script.params = parsed.params
  const name = programName(file)
  let recipe = await pipeline.recipeParsed.promise(scriptRecipe(name, file), build)
  let expansion: PreparedScript['expansion']
  if (parsed.params) {
    const expanded = await expandParams(parsed.params.raw, {...parsed.params, file}, options.cwd)
    const {flags, libs} = splitFlags(expanded.words)
    script.flags.push(...flags)
    script.libs.push(...libs)
    recipe.vars[parsed.params.name] = expanded.text
    expansion = {raw: parsed.params.raw, expanded: expanded.text, dynamic: isDynamic(parsed.params.raw)}
  }
  script.libs.push(...config.libs)
  recipe = await pipeline.recipeExpanded.promise(recipe, build)
  script.flags.push(...config.overrideFlags)

  const staging = join(options.cacheDir, 'tmp', `compile-${process.pid}-${sha256(`${Math.random()}`).slice(0, 8)}`)
  const stagedSource = join(staging, `${name}.c`)
  recipe.tasks[0].command = {
    argv: compiler.provider.command(compiler.identity, {
      sources: [compiler.provider.sourceFromStdin ? '-' : stagedSource],
      output: join(staging, name),
      kind: 'executable',
      flags: script.flags,
      libs: script.libs,
      debug: options.gdb,
      depfile: join(staging, 'deps.d'),
    }),
  }
  const graph = buildGraph([recipe])
  await pipeline.graphBuilt.promise(graph, build)
  await pipeline.scheduled.promise(graph, build)
  return {script, build, recipe, body: parsed.body, name, staging, stagedSource, depfile: join(staging, 'deps.d'), expansion}
}
