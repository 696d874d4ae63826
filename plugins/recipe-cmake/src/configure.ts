/**
 * `tck configure`: resolve (and install) the toolchain, write the toolchain file and presets, and
 * run the configure task through the engine. `--check` computes the same, writes nothing, and
 * says whether the next build would reconfigure and why.
 */
import {existsSync} from 'node:fs'
import {isAbsolute, join} from 'node:path'
import type {BuildResult, Host, PluginRegistries, TckApi} from 'tck'
import {readReply, filesRead} from './file-api.js'
import {prepare, type Plan} from './project.js'
import {readState, updateState} from './state.js'
import {CONFIGURE} from './tasks.js'

export interface ConfigureResult {
  plan: Plan
  result: BuildResult
  /** The build that ran the configure task (and whose observer saw what it read). */
  build: ReturnType<Host['build']>
}

/** The commands need a CMake project: say so plainly, before anything runs. */
function requireProject(api: TckApi, root: string): void {
  if (!existsSync(join(root, 'CMakeLists.txt'))) {
    throw new api.TckError('USAGE', `${root} has no CMakeLists.txt: tck configure is for CMake projects`, {
      hint: 'Run it in the project\'s top directory (or pass --cwd); for other projects declare tasks in tck.config (tck init writes one).',
    })
  }
}

export interface ConfigureOptions {
  /** Configure from an empty CMake cache. */
  fresh?: boolean
  /** Resolve the toolchain again (find a newly installed compiler), not the one state.json keeps while its compilers are unchanged. */
  resolve?: boolean
}

export async function configureProject(api: TckApi, host: Host, registries: PluginRegistries, options: ConfigureOptions = {}): Promise<ConfigureResult> {
  const build = host.build()
  requireProject(api, build.root)
  const plan = await prepare(api, registries, build, {fresh: options.resolve || options.fresh})
  // Forgetting what the directory was configured with makes the configure task run, with --fresh.
  if (options.fresh) await updateState(api, build.root, ({configured: _forgotten, ...state}) => state)
  const result = await build.run({targets: [CONFIGURE], keepGoing: false, stdio: 'capture'})
  return {plan, result, build}
}

export interface CheckResult {
  upToDate: boolean
  reasons: string[]
  toolchain: Plan['toolchain']
}

export async function checkProject(api: TckApi, host: Host, registries: PluginRegistries): Promise<CheckResult> {
  const build = host.build()
  requireProject(api, build.root)
  const plan = await prepare(api, registries, build, {fresh: true, dryRun: true})
  const {configured} = await readState(build.root)
  const reasons: string[] = []
  if (!configured) reasons.push('never configured by tck')
  else {
    if (!existsSync(join(plan.buildPath, 'CMakeCache.txt'))) reasons.push(`${plan.buildDir} has no CMakeCache.txt`)
    if (configured.toolchain.id !== plan.toolchain.id || configured.toolchain.key !== plan.toolchain.key) {
      reasons.push(`toolchain ${configured.toolchain.family} ${configured.toolchain.version} (${configured.toolchain.target}) becomes ${plan.toolchain.family} ${plan.toolchain.version} (${plan.toolchain.target})`)
    } else if (configured.configurationHash !== plan.configurationHash) {
      reasons.push('the configuration changed (toolchain file, presets, launcher, cache variables or packages)')
    }
    for (const [file, digest] of Object.entries(configured.files)) {
      const now = await api.sha256File(isAbsolute(file) ? file : join(build.root, file)).catch(() => 'missing')
      if (now !== digest) reasons.push(`${file} ${now === 'missing' ? 'is gone' : 'changed'}`)
    }
    const read = filesRead(await readReply(plan.buildPath), build.root, build.root)
    for (const file of read.project) if (!(file in configured.files)) reasons.push(`${file} is new`)
  }
  return {upToDate: reasons.length === 0, reasons, toolchain: plan.toolchain}
}
