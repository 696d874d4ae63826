/** The report as Markdown: a summary, the critical path, and one table row per task. */
import type {BuildReport} from './model.js'

const cell = (value: string) => value.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ')
const counted = (report: BuildReport) =>
  Object.entries(report.counts).filter(([, count]) => count > 0).map(([status, count]) => `${count} ${status}`).join(', ') || 'no tasks'

/** A code block whose fence is longer than any run of backticks in the text, so the text cannot close it. */
function fenced(text: string): string[] {
  const fence = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((run) => run[0].length + 1)))
  return [fence, text, fence]
}

const longest = (steps: NonNullable<BuildReport['tasks'][number]['steps']>) => {
  const step = steps.reduce((a, b) => (b.endedAt - b.startedAt > a.endedAt - a.startedAt ? b : a))
  return `\`${cell(step.name)}\` (${step.endedAt - step.startedAt} ms)`
}

export function renderMarkdown(report: BuildReport): string {
  const lines = [
    `# tck build report`,
    '',
    `- result: **${report.ok ? 'ok' : 'failed'}**`,
    `- finished: ${report.finishedAt}`,
    `- duration: ${report.durationMs} ms on ${report.workers} worker${report.workers === 1 ? '' : 's'}`,
    `- tasks: ${counted(report)}`,
    `- critical path (${report.criticalPath.durationMs} ms): ${report.criticalPath.tasks.map((id) => `\`${id}\``).join(' → ') || 'none'}`,
    ...(report.notes ?? []).map((note) => `- ${note}`),
    ...report.tasks.filter((task) => task.steps?.length).map((task) => `- \`${cell(task.id)}\` ran ${task.steps!.length} steps, the longest ${longest(task.steps!)}`),
    '',
    '| task | kind | status | cache level | duration (ms) | worker | start (ms) | end (ms) | critical | why it ran |',
    '|---|---|---|---|---:|---:|---:|---:|:---:|---|',
  ]
  for (const task of report.tasks) {
    const cells = [
      `\`${cell(task.id)}\``,
      cell(task.kind),
      task.status,
      cell(task.cacheLevel ?? ''),
      String(task.durationMs),
      task.worker === undefined ? '' : String(task.worker),
      task.startedAt === undefined ? '' : String(task.startedAt),
      task.endedAt === undefined ? '' : String(task.endedAt),
      task.critical ? '●' : '',
      cell((task.why ?? []).join('; ')),
    ]
    lines.push(`| ${cells.join(' | ')} |`)
  }
  const failed = report.tasks.filter((task) => task.error)
  if (failed.length > 0) lines.push('', '## Errors')
  for (const task of failed) lines.push('', `\`${task.id}\` ${task.status}:`, '', ...fenced(task.error!))
  return `${lines.join('\n')}\n`
}
