/** The host's own tap that writes a report after every build (see write.ts for where). */
import type {Driver} from '../driver.js'
import {Stage} from '../driver.js'
import {buildExplanations} from '../explain/record.js'
import {log} from '../log.js'
import {buildReport} from './model.js'
import {writeReports} from './write.js'

export function tapReports(driver: Driver): void {
  // First, after the explain tap (registered before this one), whose reasons the report shows.
  driver.tap('buildFinished', 'tck', async (summary) => {
    try {
      const build = summary.context
      const report = await driver.fire('reportCreated', buildReport(summary, build.graph, new Date(), buildExplanations(build)), summary)
      await writeReports(build.root, report)
    } catch (error) {
      // The build is done and its outputs are in place; a report that cannot be written must not fail it.
      log.warn(`could not write the build report under .tck/reports: ${(error as Error).message}`)
    }
  }, {stage: Stage.first})
}
