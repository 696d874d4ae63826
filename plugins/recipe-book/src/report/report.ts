/**
 * The book report, next to the engine's own (.tck/reports/, with its HTML timeline): per package
 * its status, time and SBU, the critical path, validation and the files packages overwrote.
 * `report.json` is the data, `report.md` the same for people and CI summaries.
 */
import {join} from 'node:path'
import type {Metrics} from './metrics.js'
import type {Validation} from '../validate/validate.js'
import {tckApi} from '../runtime.js'

export interface BookReport {
  format: 1
  book: string
  root: string
  ok: boolean
  durationMs: number
  merged: number
  planned: number
  counts: Record<string, number>
  metrics: Metrics
  validation: Validation[]
  overwrites: string[]
  warnings: string[]
  engineReport: string
}

const seconds = (value?: number) => (value === undefined ? '' : value.toFixed(1))
const sbu = (value?: number) => (value === undefined ? '' : value.toFixed(2))

export function reportMarkdown(report: BookReport): string {
  const {metrics} = report
  const lines = [
    `# Book ${report.book}: ${report.ok ? 'built' : 'not finished'}`,
    '',
    `${report.merged} of ${report.planned} packages in ${report.root}; ${Object.entries(report.counts).map(([status, count]) => `${count} ${status}`).join(', ')}; ${seconds(report.durationMs / 1000)} s.`,
    '',
    metrics.sbuSeconds ? `1 SBU = ${seconds(metrics.sbuSeconds)} s (the build of ${metrics.sbuPackage} on this machine).` : `No SBU yet: ${metrics.sbuPackage ?? 'the first package'} has not been built here.`,
    '',
    '| package | version | status | time (s) | SBU | book SBU |',
    '|---|---|---|---:|---:|---:|',
    ...metrics.packages.map((row) => `| ${row.key} | ${row.version} | ${row.status} | ${seconds(row.seconds)} | ${sbu(row.sbu)} | ${row.bookSbu ?? ''} |`),
    '',
    `Critical path (${seconds(metrics.criticalSeconds)} s): ${metrics.criticalPath.join(' -> ') || 'none'}`,
    '',
  ]
  const failed = report.validation.filter((result) => !result.ok)
  lines.push(`Validation: ${report.validation.length - failed.length} of ${report.validation.length} packages passed.`)
  for (const result of failed) lines.push(`- ${result.key}: ${result.problems.join('; ')}`)
  const host = [...new Set(report.validation.flatMap((result) => result.fromHost))].sort()
  if (host.length > 0) lines.push('', `Libraries taken from the host: ${host.join(', ')}.`)
  if (report.overwrites.length > 0) lines.push('', 'Files overwritten by another package:', ...report.overwrites.map((line) => `- ${line}`))
  if (report.warnings.length > 0) lines.push('', 'Notes:', ...report.warnings.map((line) => `- ${line}`))
  lines.push('', `The engine's report (timeline, critical path of the run): ${report.engineReport}`, '')
  return lines.join('\n')
}

export async function writeReport(stateDir: string, report: BookReport): Promise<void> {
  const {atomicWriteFile} = tckApi()
  await atomicWriteFile(join(stateDir, 'report.json'), `${JSON.stringify(report, null, 1)}\n`)
  await atomicWriteFile(join(stateDir, 'report.md'), reportMarkdown(report))
}
