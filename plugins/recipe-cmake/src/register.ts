/**
 * recipe-cmake: a directory with a CMakeLists.txt becomes configure, build and test tasks (and a
 * task per CMake target), run by the one engine, so `tck build` gives progress, cache, reports and
 * `tck query` for CMake projects. Settings are `plugins.cmake` in tck.config (see settings.ts).
 */
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import type {BuildContext, Register} from 'tck'
import {doctorFindings} from './doctor.js'
import {readReply} from './file-api.js'
import {prepare, type Plan} from './project.js'
import {readSettings} from './settings.js'
import {cmakeRecipe} from './tasks.js'
import {tapTasks, type ProjectMemo} from './taps.js'

const register: Register = ({api, pipeline, registries}) => {
  // The parser is handed only the file; the build it belongs to is the one whose config just loaded (one per command).
  let current: BuildContext | undefined
  const projects = new Map<string, ProjectMemo>()

  let tapped = false
  pipeline.configLoaded.tap((build) => {
    readSettings(api, build)
    current = build
    // Only a CMake project pays for the per-task taps (and `tck hooks` elsewhere shows none of them).
    if (!tapped && existsSync(join(build.root, 'CMakeLists.txt'))) {
      tapped = true
      tapTasks(api, pipeline, (root) => projects.get(root))
    }
  })

  registries.doctorCheck.register({name: 'cmake', check: (build) => doctorFindings(api, registries, build)})

  registries.recipeParser.register({
    name: 'cmake',
    patterns: ['CMakeLists.txt'],
    async parse(source) {
      const build = current
      if (!build) throw new api.TckError('CONFIG_LOAD', 'recipe-cmake: no configuration was loaded before parsing')
      const plan: Plan = await prepare(api, registries, build)
      const reply = await readReply(plan.buildPath)
      const {recipe, external} = await cmakeRecipe(plan, reply, source.file)
      projects.set(build.root, {plan, reply, external})
      for (const note of plan.notes) api.log.warn(note)
      return [recipe]
    },
  })
}

export default register
