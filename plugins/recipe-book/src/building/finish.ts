/**
 * The end of a book build: the last merges done, the state marked finished, every package in
 * the root validated, and the book report written. A validation failure makes `tck book build`
 * fail (it reads the report); a plain `tck build` warns.
 */
import type {BuildSummary} from 'tck'
import {metricsOf, type PackageMetrics} from '../report/metrics.js'
import {writeReport, type BookReport} from '../report/report.js'
import {tckApi} from '../runtime.js'
import {validatePackage, type Validation} from '../validate/validate.js'
import {readManifest} from './merge.js'
import type {BookSession} from './session.js'
import {taskId} from './tasks.js'

export async function finishBook(session: BookSession, summary: BuildSummary): Promise<BookReport> {
  const {book, settings} = session
  const byId = new Map(summary.outcomes.map((outcome) => [outcome.id, outcome.status]))
  const statuses = new Map<string, PackageMetrics['status']>(session.keys.map((key) => [key, byId.get(taskId(book.name, key)) ?? 'skipped']))
  const state = await session.finish(summary.ok)
  const validation: Validation[] = []
  if (settings.validate) {
    const manifest = await readManifest(settings.stateDir, settings.targetRoot)
    for (const key of session.keys) {
      const merged = manifest.packages.find((entry) => entry.key === key)
      if (merged) validation.push(await validatePackage(settings.targetRoot, session.item(key).pkg, merged, key))
    }
  }
  const counts: Record<string, number> = {}
  for (const status of statuses.values()) counts[status] = (counts[status] ?? 0) + 1
  const report: BookReport = {
    format: 1,
    book: book.name,
    root: settings.targetRoot,
    ok: Boolean(state.ok) && validation.every((result) => result.ok),
    durationMs: summary.durationMs,
    merged: session.merged(),
    planned: session.keys.length,
    counts,
    metrics: metricsOf(session, statuses),
    validation,
    overwrites: session.overwrites,
    warnings: session.plan.warnings,
    engineReport: '.tck/reports/latest.html',
  }
  await writeReport(settings.stateDir, report)
  for (const result of validation.filter((entry) => !entry.ok)) tckApi().log.warn(`book ${book.name}: ${result.key} failed validation: ${result.problems.join('; ')}`)
  return report
}
