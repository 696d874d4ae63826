/**
 * What happens around the CMake tasks as they run: the configure task's extra key parts and its
 * File API query, reuse only where this checkout configured (state.json), `--fresh` when the
 * configuration changed, the engine's -j, CMake's errors by file:line, and after the build its
 * Ninja steps and the compiler cache's hit rate for the summary and the report.
 */
import {rm} from 'node:fs/promises'
import {existsSync} from 'node:fs'
import {availableParallelism} from 'node:os'
import {isAbsolute, join} from 'node:path'
import type {BuildContext, PluginPipeline, TaskContext, TckApi} from 'tck'
import {cmakeErrors} from './cmake-errors.js'
import {filesRead, readReply, writeQuery, type Reply} from './file-api.js'
import {ccacheHitRate, formatHitRate, resetStatsLog, sccacheCounts, sccacheHitRate, type HitRate} from './hit-rate.js'
import {statsLogPath} from './launcher.js'
import {logSize, ninjaDeps, stepsSince, type NinjaStep} from './ninja-log.js'
import type {Plan} from './project.js'
import {readState, updateState} from './state.js'
import {BUILD, CONFIGURE, LOCAL_REUSE, RECIPE, TEST} from './tasks.js'
import {tapReport} from './report.js'

export interface ProjectMemo {
  plan: Plan
  reply?: Reply
  /** Files outside the project CMake read (find_package configs, vcpkg.cmake): keyed by content. */
  external: string[]
}

/** What the build task left for the summary and the report, per build. */
export interface BuildFacts {
  steps: NinjaStep[]
  hitRate?: HitRate
}

/** The -j the user gave (tck build -j, or the config's jobs); undefined when neither did. */
const givenJobs = (build: BuildContext) => (build.options.jobs ?? build.config.jobs) as number | undefined

/**
 * Every tap here reads only what observed.ts tells the build's observer (state.json, the build
 * directory's cache and reply, the files CMake read), so a no-change record covers them. The
 * default -j (the machine's cores) is not a file: a replayed build keeps the -j it ran with.
 */
const PURE = {pure: true}

export function tapTasks(api: TckApi, pipeline: PluginPipeline, projectOf: (root: string) => ProjectMemo | undefined): void {
  const facts = new WeakMap<BuildContext, BuildFacts>()
  // The cmake recipe's own tasks (a config task that happens to be named cmake:x is not).
  const ours = (context: TaskContext) => context.task.recipe === RECIPE && context.task.id.startsWith('cmake:') && projectOf(context.build.root) !== undefined

  pipeline.computeKey.tap(async (parts, context) => {
    const project = projectOf(context.build.root)
    if (!project || context.task.id !== CONFIGURE || !ours(context)) return parts
    parts.push({kind: 'cmake', name: 'configuration', value: project.plan.configurationHash})
    for (const file of project.external) parts.push({kind: 'cmake-file', name: file, value: await api.sha256File(file).catch(() => 'missing')})
    return parts
  }, PURE)

  // A hit counts only where this checkout ran the task with this key: a configure's build directory
  // and a package install's caches live outside the task's outputs.
  pipeline.cacheChecked.tap(async (decision, context) => {
    if (!decision.hit || context.task.attrs[LOCAL_REUSE] !== 'true' || !ours(context)) return decision
    const state = await readState(context.build.root)
    const project = projectOf(context.build.root)!
    if (context.task.id === CONFIGURE) {
      if (!existsSync(join(project.plan.buildPath, 'CMakeCache.txt'))) return {hit: false, reason: `${project.plan.buildDir} has no CMakeCache.txt`}
      if (state.configured?.key !== context.key) return {hit: false, reason: `${project.plan.buildDir} was last configured with another key`}
      return decision
    }
    return state.ran?.[context.task.id] === context.key ? decision : {hit: false, reason: 'this checkout has not run it with this key'}
  }, PURE)

  // Keyed: the jobs a build or test runs with are part of its command.
  pipeline.requestCreated.tap(async (request, context) => {
    const project = projectOf(context.build.root)
    if (!project || !ours(context)) return request
    const {plan} = project
    const jobs = String(givenJobs(context.build) ?? availableParallelism())
    // Ninja's own default (cores + 2) keeps the cores busy while some jobs wait on the disk; Make's default is one job.
    const parallel = givenJobs(context.build) !== undefined || plan.backend.generator !== 'Ninja'
    if (context.task.id === BUILD && parallel) return {...request, argv: [...request.argv, '--parallel', jobs]}
    if (context.task.id === TEST) return {...request, argv: [...request.argv, '-j', jobs]}
    return request
  }, PURE)

  pipeline.beforeExecute.tap(async (_request, context) => {
    const project = projectOf(context.build.root)
    if (!project || !ours(context)) return undefined
    const {plan} = project
    if (context.task.id === CONFIGURE) {
      await writeQuery(plan.buildPath)
      const state = await readState(context.build.root)
      // Another toolchain, launcher or cache variables: start from an empty cache, as a fresh checkout
      // would (what `cmake --fresh` does, without making the command differ from its key).
      if (existsSync(join(plan.buildPath, 'CMakeCache.txt')) && state.configured?.configurationHash !== plan.configurationHash) {
        await rm(join(plan.buildPath, 'CMakeCache.txt'), {force: true})
        await rm(join(plan.buildPath, 'CMakeFiles'), {recursive: true, force: true})
      }
    }
    if (context.task.id === BUILD) {
      const data = context.data as {ninjaLogSize?: number; startedAtMs?: number; sccacheBefore?: unknown}
      data.ninjaLogSize = await logSize(plan.buildPath)
      data.startedAtMs = Date.now()
      if (plan.launcher?.name === 'ccache') await resetStatsLog(statsLogPath(context.build.root))
      if (plan.launcher?.name === 'sccache') data.sccacheBefore = await sccacheCounts(plan.launcher.path)
    }
    return undefined
  }, PURE)

  pipeline.afterExecute.tap(async (result, context) => {
    const project = projectOf(context.build.root)
    if (!project || !ours(context)) return
    const {plan} = project
    if (context.task.id === CONFIGURE && result.exitCode !== 0) {
      // The task's error shows the last lines of stderr: put CMake's errors there, one line each with file:line.
      const errors = cmakeErrors(result.stderr.toString('utf8'))
      if (errors.length > 0) result.stderr = Buffer.concat([result.stderr, Buffer.from(`\n${errors.slice(0, 9).join('\n')}\n`)])
    }
    if (context.task.kind === 'package_install' && result.exitCode !== 0) {
      // The tool's own error (vcpkg prints it on stdout), then the command that failed, as one could run it again by hand.
      const said = result.stdout.toString('utf8').trimEnd().split('\n').slice(-8).join('\n')
      const command = 'argv' in context.task.command ? context.task.command.argv.join(' ') : ''
      result.stderr = Buffer.concat([result.stderr, Buffer.from(`${said ? `\n${said}` : ''}\ncommand (in ${context.build.root}): ${command}\n`)])
    }
    if (context.task.id === BUILD) {
      const data = context.data as {ninjaLogSize?: number; startedAtMs?: number; sccacheBefore?: Parameters<typeof sccacheHitRate>[0]}
      const steps = plan.backend.generator === 'Ninja' ? await stepsSince(plan.buildPath, data.ninjaLogSize ?? 0, project.reply?.targets, data.startedAtMs) : []
      const hitRate =
        plan.launcher?.name === 'ccache' ? await ccacheHitRate(statsLogPath(context.build.root))
        : plan.launcher?.name === 'sccache' ? sccacheHitRate(data.sccacheBefore, await sccacheCounts(plan.launcher.path))
        : undefined
      facts.set(context.build, {steps, hitRate})
      // What the build read, for the no-change record: an edited source or header is then seen before `cmake --build` runs again.
      if (plan.backend.generator === 'Ninja' && result.exitCode === 0) for (const file of await ninjaDeps(plan.backend.program, plan.buildPath)) context.build.observe.stat(file)
    }
  }, PURE)

  pipeline.outputsMaterialized.tap(async (context) => {
    const project = projectOf(context.build.root)
    if (!project || context.task.attrs[LOCAL_REUSE] !== 'true' || !ours(context) || !context.key) return
    const {plan} = project
    const key = context.key
    if (context.task.id !== CONFIGURE) {
      await updateState(api, context.build.root, (state) => (state.ran?.[context.task.id] === key ? state : {...state, ran: {...state.ran, [context.task.id]: key}}))
      return
    }
    // A hit of the configure this directory last ran: what it recorded stands.
    const last = (await readState(context.build.root)).configured
    if (last?.key === key && last.configurationHash === plan.configurationHash && context.decision?.hit) return
    const reply = await readReply(plan.buildPath)
    project.reply = reply
    const read = filesRead(reply, plan.root, plan.root)
    const files: Record<string, string> = {}
    for (const file of [...read.project, ...read.external]) files[file] = await api.sha256File(isAbsolute(file) ? file : join(plan.root, file)).catch(() => 'missing')
    const {toolchain} = plan
    await updateState(api, context.build.root, (state) => ({
      ...state,
      configured: {
        buildDir: plan.buildDir,
        configurationHash: plan.configurationHash,
        key,
        files,
        toolchain: {id: toolchain.id, spec: toolchain.spec, source: toolchain.source, family: toolchain.family, version: toolchain.version, target: toolchain.target, key: toolchain.key},
        generator: plan.backend.generator,
        at: new Date().toISOString(),
      },
    }))
  }, PURE)

  pipeline.buildFinished.tap((summary) => {
    const hitRate = facts.get(summary.context)?.hitRate
    // A build that compiled nothing has no rate to give (and a no-change build served without Node gives none).
    if (hitRate && hitRate.cacheable > 0) api.log.info(formatHitRate(hitRate))
  }, PURE)

  tapReport(pipeline, (build) => facts.get(build), projectOf)
}
