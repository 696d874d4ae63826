/** The host's own taps that write a report after every build (see write.ts for where). */
import {log} from '../log.js'
import type {BuildContext, Graph, Pipeline} from '../pipeline.js'
import {buildReport} from './model.js'
import {writeReports} from './write.js'

const graphs = new WeakMap<BuildContext, Graph>()

export function tapReports(pipeline: Pipeline): void {
  // Late, so the graph is the one plugins left after reordering.
  pipeline.scheduled.tapPromise({name: 'tck', stage: 1000}, async (graph, build) => {
    graphs.set(build, graph)
  })
  pipeline.buildFinished.tapPromise({name: 'tck', stage: -1000}, async (summary) => {
    try {
      await writeReports(summary.context.root, buildReport(summary, graphs.get(summary.context), new Date()))
    } catch (error) {
      // The build is done and its outputs are in place; a report that cannot be written must not fail it.
      log.warn(`could not write the build report under .tck/reports: ${(error as Error).message}`)
    }
  })
}
