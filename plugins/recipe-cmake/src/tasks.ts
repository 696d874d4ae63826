/**
 * A CMake project as tasks: package installs (Conan, vcpkg) → configure → build → test, and one
 * task per CMake target (from the File API codemodel of the last configure) with the dependencies
 * between targets, keyed by its artifacts: `tck query kind(cmake_target, *)` shows them, and the
 * report says which targets changed. Ninja (or Make) stays the incremental engine of the build.
 */
import {isAbsolute, join, relative} from 'node:path'
import type {BuildObserver, Recipe, TaskSpec} from 'tck'
import {filesRead, type Reply} from './file-api.js'
import type {Plan} from './project.js'

/** The recipe the tasks belong to: the project's top CMakeLists.txt. */
export const RECIPE = 'CMakeLists.txt'
export const CONFIGURE = 'cmake:configure'
export const BUILD = 'cmake:build'
export const TEST = 'cmake:test'
export const targetTask = (name: string) => `cmake:target:${name}`
export const installTask = (manager: string) => `cmake:${manager}-install`

/** Tasks whose cache hit counts only where this checkout ran them (their effects live outside the outputs). */
export const LOCAL_REUSE = 'cmake.reuse'

/** Variables the build tools read from the caller: the launchers' own (every CCACHE_* and SCCACHE_* set), home and locale. */
const buildEnv = () => ['HOME', 'XDG_CACHE_HOME', 'TMPDIR', 'LANG', 'LC_ALL', ...Object.keys(process.env).filter((name) => /^S?CCACHE_/.test(name)).sort()]

const base = (recipe: string) => ({recipe, cwd: '.', inputs: [] as string[], outputs: [] as string[], env: {} as Record<string, string>, envPass: [] as string[], retries: 0, resources: {}, attrs: {} as Record<string, string>, location: {file: recipe}})

/** CMake files of the project, for a configure that has no File API reply yet (and for files added since). */
async function projectCMakeFiles(plan: Plan, observe: BuildObserver): Promise<string[]> {
  return observe.glob(['**/CMakeLists.txt', '**/*.cmake'], {
    cwd: plan.root,
    ignore: ['**/node_modules/**', '**/.git/**', '.tck/**', `${plan.buildDir}/**`, '**/CMakeFiles/**', 'build/**'],
  })
}

const insideBuild = (plan: Plan, file: string) => !relative(plan.buildDir, file).startsWith('..')

export async function cmakeRecipe(plan: Plan, reply: Reply | undefined, observe: BuildObserver, recipe = RECIPE): Promise<{recipe: Recipe; external: string[]}> {
  const read = filesRead(reply, plan.root, plan.root)
  // Files under the build directory come from the package installs, whose outputs are in the key already.
  const files = [...new Set([...read.project, ...(await projectCMakeFiles(plan, observe))])].filter((file) => !insideBuild(plan, file)).sort()
  const presets = (await observe.glob(['CMakePresets.json', 'CMakeUserPresets.json'], {cwd: plan.root})).sort()
  const {cmake, ctest} = plan.programs
  const compilers = [plan.toolchain.c?.[0], plan.toolchain.cxx?.[0]].filter((path): path is string => Boolean(path))

  const installs: TaskSpec[] = plan.packages
    .filter((pkg) => pkg.result.install)
    .map((pkg) => ({
      ...base(recipe),
      id: installTask(pkg.manager),
      kind: 'package_install',
      command: {argv: pkg.result.install!.argv},
      deps: [],
      inputs: [...pkg.result.manifests, ...(pkg.result.install!.inputs ?? [])],
      outputs: pkg.result.install!.outputs ?? [],
      env: pkg.result.install!.env ?? {},
      envPass: ['HOME', ...(pkg.result.install!.envPass ?? [])],
      tools: pkg.result.install!.tools,
      cacheable: true,
      attrs: {[LOCAL_REUSE]: 'true', manager: pkg.manager, plugin: pkg.plugin},
    }))

  const configure: TaskSpec = {
    ...base(recipe),
    id: CONFIGURE,
    kind: 'cmake_configure',
    command: {argv: [cmake, '--preset', 'tck']},
    deps: installs.map((task) => task.id),
    inputs: [plan.toolchainFile, ...presets, ...files],
    env: plan.env,
    envPass: ['HOME'],
    tools: [cmake, plan.backend.program, ...compilers, ...(plan.launcher ? [plan.launcher.path] : [])],
    cacheable: true,
    attrs: {[LOCAL_REUSE]: 'true', buildDir: plan.buildDir, generator: plan.backend.generator, toolchain: plan.toolchain.id},
  }
  const buildTask: TaskSpec = {
    ...base(recipe),
    id: BUILD,
    kind: 'cmake_build',
    // The engine's -j is added when the task runs (beforeExecute): not part of the key, and the task is not cached.
    command: {argv: [cmake, '--build', plan.buildDir]},
    deps: [CONFIGURE],
    env: {...plan.env, ...(plan.launcher?.env ?? {})},
    envPass: buildEnv(),
    tools: [cmake, plan.backend.program],
    cacheable: false,
    attrs: {buildDir: plan.buildDir, generator: plan.backend.generator, launcher: plan.launcher?.name ?? 'none'},
  }
  const testTask: TaskSpec = {
    ...base(recipe),
    id: TEST,
    kind: 'cmake_test',
    command: {argv: [ctest, '--test-dir', plan.buildDir, '--output-on-failure']},
    deps: [BUILD],
    envPass: buildEnv(),
    tools: [ctest],
    cacheable: false,
    attrs: {buildDir: plan.buildDir},
  }

  const byId = new Map((reply?.targets ?? []).map((target) => [target.id, target]))
  const targets: TaskSpec[] = (reply?.targets ?? []).map((target) => {
    const artifacts = target.artifacts.map((artifact) => (isAbsolute(artifact) ? relative(plan.root, artifact) : join(plan.buildDir, artifact)))
    return {
      ...base(recipe),
      id: targetTask(target.name),
      kind: 'cmake_target',
      // Keyed by its artifacts' content: cached while they are unchanged; a missing one fails the task, naming it.
      command: {argv: artifacts.length > 0 ? [cmake, '-E', 'sha256sum', ...artifacts] : [cmake, '-E', 'true']},
      deps: [BUILD, ...target.dependencies.map((id) => byId.get(id)).filter((dep) => dep !== undefined).map((dep) => targetTask(dep.name))],
      inputs: artifacts,
      tools: [cmake],
      cacheable: true,
      attrs: {type: target.type, target: target.name, buildDir: target.buildDir},
    }
  })

  return {
    recipe: {
      name: recipe,
      parser: 'cmake',
      location: {file: recipe},
      vars: {buildDir: plan.buildDir, toolchainFile: plan.toolchainFile, generator: plan.backend.generator, toolchain: plan.toolchain.id},
      tasks: [...installs, configure, buildTask, testTask, ...targets],
    },
    // A package manager's toolchain file (vcpkg.cmake) is read by every configure: keyed from the first one, so the second keeps its key.
    external: [...new Set([...read.external, ...plan.packages.flatMap((pkg) => (pkg.result.toolchainFile ? [pkg.result.toolchainFile] : []))])].sort(),
  }
}
