/** Plain lines for logs and pipes: one line per finished task, one summary at the end. */
import type {BuildEvent} from '../engine/events.js'
import {batchedWriter} from './batch.js'
import {formatDuration, ProgressState} from './state.js'

export function taskLine(event: BuildEvent, done: number, total: number): string | undefined {
  if (event.type !== 'task-end' || event.status === 'skipped') return undefined
  return `[${done}/${total}] ${event.status.padEnd(7)} ${event.id} (${formatDuration(event.durationMs)})`
}

export function summaryLine(event: Extract<BuildEvent, {type: 'build-end'}>): string {
  const parts = Object.entries(event.counts)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`)
  const verdict = event.interrupted ? 'interrupted' : event.ok ? 'finished' : 'failed'
  return `build ${verdict} in ${formatDuration(event.durationMs)}: ${parts.join(', ') || 'nothing to do'}`
}

export function plainView(write: (text: string) => void) {
  const state = new ProgressState()
  const out = batchedWriter(write)
  return {
    onEvent(event: BuildEvent): void {
      state.apply(event)
      const line = taskLine(event, state.done, state.total)
      if (line) out.line(line)
      if (event.type === 'build-end') {
        out.line(summaryLine(event))
        out.flush()
      }
    },
  }
}
