/**
 * The `bitbake` recipe parser: a build directory's conf/bblayers.conf stands for all its
 * recipes. Part 1 yields every target with BitBake's task list (do_fetch … do_build, their order
 * from addtask) marked as not runnable yet: running BitBake tasks is part 2.
 */
import {dirname, relative} from 'node:path'
import type {Recipe, Register, TaskSpec} from 'tck'
import {parseLayers} from './parse.js'

const register: Register = ({registries, api}) => {
  registries.recipeParser.register({
    name: 'bitbake',
    patterns: ['conf/bblayers.conf', '*/conf/bblayers.conf'],
    async parse(source) {
      const buildDir = dirname(dirname(source.file.startsWith('/') ? source.file : `${process.cwd()}/${source.file}`))
      const outcome = await parseLayers({buildDir, cacheRoot: api.toolchains.cacheDir(), writeFile: (path, data) => api.atomicWriteFile(path, data)})
      const failed = outcome.recipes.find((recipe) => recipe.error)
      if (failed) throw new api.TckError('CONFIG_INVALID', `${failed.error!.file ?? failed.file}${failed.error!.line ? `:${failed.error!.line}` : ''}: ${failed.error!.message}`)
      const recipes: Recipe[] = []
      const seen = new Set<string>()
      for (const recipe of await outcome.complete()) {
        for (const variant of recipe.variants) {
          const name = String(variant.values.PN)
          // One recipe per name (the first collected) until part 2 chooses providers as BitBake does.
          if (variant.skipped !== null || seen.has(name)) continue
          seen.add(name)
          const tasks: TaskSpec[] = variant.tasks.map((task) => ({
            id: `${name}:${task.name}`,
            recipe: name,
            kind: 'bitbake-task',
            command: {argv: ['false']},
            deps: ((task.flags.deps as string[] | undefined) ?? []).map((dep) => `${name}:${dep}`),
            inputs: [],
            outputs: [],
            env: {},
            envPass: [],
            cacheable: false,
            retries: 0,
            resources: {},
            attrs: {runnable: 'no', reason: 'running BitBake tasks is part 2 of tck bitbake', depends: String(task.flags.depends ?? '')},
            location: {file: relative(process.cwd(), recipe.file)},
          }))
          recipes.push({name, parser: 'bitbake', location: {file: relative(process.cwd(), recipe.file)}, vars: stringValues(variant.values), tasks})
        }
      }
      return recipes
    },
  })
}

function stringValues(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => typeof value === 'string') as Array<[string, string]>)
}

export default register
