/**
 * C scripts as recipes: the parser (given sources only — `tck run` names the file, nothing is
 * discovered), and this plugin's own taps that make the two tasks what a script run needs.
 */
import {join} from 'node:path'
import type {Register} from 'tck'
import {useApi} from './api.js'
import {runConfigOf} from './config.js'
import {parseScriptRecipe, scriptOf} from './recipe.js'
import {install} from './store.js'
import {COMPILE_KIND, EXECUTE_KIND, SCRIPT_PARSER} from './types.js'

const register: Register = ({registries, pipeline, api}) => {
  useApi(api)
  const {Stage} = api
  registries.recipeParser.register({name: SCRIPT_PARSER, patterns: [], parse: parseScriptRecipe})

  // A typo in the `run` section is a config error at load time, naming the key, for every command.
  pipeline.configLoaded.tap(async (build) => {
    runConfigOf(build.config, build.configFile)
  }, {pure: true})

  // After every plugin's edits of the flags (params expanded): the compile command, the config's overrides last.
  pipeline.recipeExpanded.tap(async (recipe, build) => {
    const script = scriptOf(build)
    const {provider, compiler} = script
    // tcc names a `#line` file relative to the source's directory, so it reads the source on stdin.
    const source = provider.sourceFromStdin ? ['-'] : [join(build.root, 'src', `${script.name}.c`)]
    recipe.tasks[0].command = {
      argv: provider.command(compiler, {
        sources: source, output: join(build.root, 'out', script.name), kind: 'executable',
        flags: [...script.flags, ...script.overrideFlags], libs: script.libs, debug: script.debug,
      }),
    }
    return recipe
  }, {stage: Stage.last, filter: {parser: SCRIPT_PARSER}})

  // A compiler reading the source on stdin gets it there; the program gets the terminal, its argv[0] as the user typed it.
  pipeline.requestCreated.tap(async (request, {task, build}) => {
    const script = scriptOf(build)
    if (task.kind === COMPILE_KIND) return script.provider.sourceFromStdin ? {...request, stdin: Buffer.from(script.body ?? '')} : request
    const argv = script.debug ? ['gdb', '-q', '--args', script.binary!, ...script.args] : [script.binary!, ...script.args]
    return {...request, argv, argv0: script.debug ? undefined : script.shownAs, env: {...(process.env as Record<string, string>)}, stdin: 'inherit', stdio: 'terminal'}
  }, {stage: Stage.first, filter: {kind: [COMPILE_KIND, EXECUTE_KIND]}})

  // Module loaded: the binary is in the launcher's cache before any plugin looks at it.
  pipeline.outputsMaterialized.tap(async ({build, key, volatile}) => {
    const script = scriptOf(build)
    // A compile that was not kept (it used __TIME__) replaces the binary installed under its key.
    script.binary = await install(join(build.root, 'out', script.name), script.name, script.cacheDir, key!, script.fresh || volatile !== undefined)
  }, {stage: Stage.first, filter: {kind: COMPILE_KIND}})

  pipeline.beforeExecute.tap(async (_request, {build}) => {
    scriptOf(build).running = true
    return undefined
  }, {stage: Stage.last, filter: {kind: EXECUTE_KIND}})

  // The program's own ending, for tck's exit status: a non-zero exit is its answer, not tck's error.
  pipeline.afterExecute.tap(async (result, {build}) => {
    scriptOf(build).result = {exitCode: result.exitCode, signal: result.signal}
  }, {stage: Stage.first, filter: {kind: EXECUTE_KIND}})
}

export default register
