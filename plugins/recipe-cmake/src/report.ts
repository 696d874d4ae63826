/** The build report of a CMake build: each Ninja step on the timeline under cmake:build, and the compiler cache's hit rate. */
import type {BuildContext, PluginPipeline} from 'tck'
import {formatHitRate} from './hit-rate.js'
import type {BuildFacts, ProjectMemo} from './taps.js'
import {BUILD} from './tasks.js'

export function tapReport(pipeline: PluginPipeline, factsOf: (build: BuildContext) => BuildFacts | undefined, projectOf: (root: string) => ProjectMemo | undefined): void {
  pipeline.reportCreated.tap((report, summary) => {
    const facts = factsOf(summary.context)
    if (!facts || !projectOf(summary.context.root)) return report
    const tasks = report.tasks.map((task) => {
      if (task.id !== BUILD || task.startedAt === undefined || facts.steps.length === 0) return task
      const start = task.startedAt
      // Ninja's times count from its own start, a few ms after the task's; never past the task's end.
      const end = task.endedAt ?? Number.POSITIVE_INFINITY
      const steps = facts.steps.map((step) => ({
        name: step.output,
        startedAt: Math.min(end, start + step.startMs),
        endedAt: Math.min(end, start + step.endMs),
        group: step.target,
      }))
      return {...task, steps}
    })
    const notes = [...(report.notes ?? []), ...(facts.hitRate ? [formatHitRate(facts.hitRate)] : [])]
    return {...report, tasks, notes}
  }, {pure: true})
}
