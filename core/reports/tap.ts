/** The host's own taps that write a report after every build (see write.ts for where). */
import {buildExplanations} from '../explain/record.js'
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
  // After the explain tap (stage -1000), whose reasons the report shows.
  pipeline.buildFinished.tapPromise({name: 'tck', stage: -999}, async (summary) => {
    try {
      const built = buildReport(summary, graphs.get(summary.context), new Date(), buildExplanations(summary.context))
      const report = await pipeline.reportCreated.promise(built, summary)
      await writeReports(summary.context.root, report)
    } catch (error) {
      // The build is done and its outputs are in place; a report that cannot be written must not fail it.
      log.warn(`could not write the build report under .tck/reports: ${(error as Error).message}`)
    }
  })
}
