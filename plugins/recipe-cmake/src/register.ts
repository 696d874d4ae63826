/**
 * recipe-cmake: a directory with a CMakeLists.txt becomes configure, build and test tasks (and a
 * task per CMake target), run by the one engine, so `tck build` gives progress, cache, reports and
 * `tck query` for CMake projects. Settings are `plugins.cmake` in tck.config (see settings.ts).
 * Bundled: every engine command in every project registers it, so its code loads only when a
 * project has a CMakeLists.txt or sets plugins.cmake.
 */
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import type {Register} from 'tck'
import type {ProjectMemo} from './taps.js'

const register: Register = ({api, pipeline, registries}) => {
  const projects = new Map<string, ProjectMemo>()
  let tapped = false

  pipeline.configLoaded.tap(async (build) => {
    const cmakeProject = existsSync(join(build.root, 'CMakeLists.txt'))
    if (build.config.plugins.cmake || cmakeProject) (await import('./settings.js')).readSettings(api, build)
    // Only a CMake project pays for the per-task taps (and `tck hooks` elsewhere shows none of them).
    if (cmakeProject && !tapped) {
      tapped = true
      ;(await import('./taps.js')).tapTasks(api, pipeline, (root) => projects.get(root))
    }
    // Pure: it reads the configuration and whether there is the CMakeLists.txt that this plugin's parser looks for (which the build observes).
  }, {pure: true})

  registries.doctorCheck.register({name: 'cmake', check: async (build) => (await import('./doctor.js')).doctorFindings(api, registries, build)})

  registries.recipeParser.register({
    name: 'cmake',
    patterns: ['CMakeLists.txt'],
    async parse(source, build) {
      const [{prepare}, {readReply}, {cmakeRecipe}, {observeProject}] = await Promise.all([import('./project.js'), import('./file-api.js'), import('./tasks.js'), import('./observed.js')])
      const plan = await prepare(api, registries, build)
      const reply = await readReply(plan.buildPath)
      const {recipe, external} = await cmakeRecipe(plan, reply, build.observe, source.file)
      observeProject(build.observe, plan, external)
      projects.set(build.root, {plan, reply, external})
      for (const note of plan.notes) api.log.warn(note)
      return [recipe]
    },
    observes: true,
  })
}

export default register
