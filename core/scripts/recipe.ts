/** A script as the engine sees it: one recipe, two tasks — compile (cacheable), then execute (never cached). */
import type {ExecRequest, Recipe, TaskSpec} from '../contracts/task.js'
import {COMPILE_KIND, EXECUTE_KIND, SCRIPT_PARSER} from './types.js'

function task(id: string, recipe: string, kind: string, argv: string[], deps: string[], cacheable: boolean, file: string): TaskSpec {
  return {
    id,
    recipe,
    kind,
    command: {argv},
    deps,
    inputs: [],
    outputs: [],
    env: {},
    envPass: [],
    cacheable,
    retries: 0,
    resources: {},
    executor: 'local',
    attrs: {script: file},
    location: {file},
  }
}

export function scriptRecipe(name: string, file: string): Recipe {
  const compile = task(`${name}:compile`, name, COMPILE_KIND, [], [], true, file)
  const execute = task(`${name}:execute`, name, EXECUTE_KIND, [], [compile.id], false, file)
  return {name, parser: SCRIPT_PARSER, location: {file}, vars: {}, tasks: [compile, execute]}
}

export function requestFor(task: TaskSpec, cwd: string, stdio: ExecRequest['stdio'], stdin: ExecRequest['stdin'] = 'inherit'): ExecRequest {
  return {
    argv: 'argv' in task.command ? [...task.command.argv] : ['/bin/sh', '-ec', task.command.script],
    cwd,
    env: {...(process.env as Record<string, string>), ...task.env},
    stdin,
    stdio,
    outputs: task.outputs,
    resources: task.resources,
    executor: task.executor ?? 'local',
  }
}
