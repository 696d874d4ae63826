/**
 * The live terminal view: a few lines redrawn in place on stderr — done/total, cache hits, ETA,
 * and the tasks running now with their age. Redraws are throttled, and a clock redraws while
 * tasks run; failures are printed above the live area so they stay on screen after it is gone.
 */
import type {BuildEvent} from '../engine/events.js'
import {summaryLine} from './plain.js'
import {formatDuration, ProgressState} from './state.js'

export interface FrameSize {
  columns: number
  rows: number
}

const ESC = '\u001B['

function fit(text: string, columns: number): string {
  return text.length <= columns ? text : `${text.slice(0, Math.max(0, columns - 1))}…`
}

/** The frame for one moment, as lines; pure, so tests can check it without a terminal. */
export function renderFrame(state: ProgressState, now: number, size: FrameSize): string[] {
  const {counts} = state
  const eta = state.etaMs(now)
  const head = [
    `${counts.built} built`,
    `${counts.cached} cached`,
    counts.failed > 0 ? `${counts.failed} failed` : undefined,
    `${state.running.size} running`,
    eta === undefined ? undefined : `ETA ${formatDuration(eta)}`,
  ].filter(Boolean)
  const lines = [`[${state.done}/${state.total}] ${head.join(' · ')}`]
  // Leave a line for the head and one for the prompt; never more rows than the terminal has.
  const room = Math.max(0, size.rows - 2)
  const running = [...state.running]
  const shown = running.length <= room ? running : running.slice(0, Math.max(0, room - 1))
  for (const [id, startedAt] of shown) lines.push(`  ${id} ${formatDuration(now - startedAt)}`)
  if (shown.length < running.length && room > 0) lines.push(`  … and ${running.length - shown.length} more`)
  // One column short of the width: a line that fills the row exactly wraps on some terminals.
  return lines.map((line) => fit(line, size.columns - 1))
}

export function ttyView(stream: NodeJS.WriteStream, options: {intervalMs?: number; tickMs?: number; now?: () => number} = {}) {
  const state = new ProgressState()
  const now = options.now ?? Date.now
  const interval = options.intervalMs ?? 100
  let drawn = 0
  let timer: NodeJS.Timeout | undefined
  // A long task sends no events: the clock redraws so its age and the ETA keep moving.
  let clock: NodeJS.Timeout | undefined

  const erase = () => (drawn > 0 ? `${ESC}${drawn}A\r${ESC}0J` : '')
  const draw = (above = '') => {
    const frame = renderFrame(state, now(), {columns: stream.columns || 80, rows: stream.rows || 24})
    stream.write(`${erase()}${above}${frame.join('\n')}\n`)
    drawn = frame.length
  }
  const schedule = () => {
    if (timer) return
    timer = setTimeout(() => {
      timer = undefined
      draw()
    }, interval)
  }

  return {
    onEvent(event: BuildEvent): void {
      state.apply(event)
      if (event.type === 'build-start') {
        stream.write(`${ESC}?25l`)
        draw()
        clock = setInterval(() => state.running.size > 0 && draw(), options.tickMs ?? 1000).unref()
      } else if (event.type === 'task-end' && (event.status === 'failed' || event.status === 'aborted')) {
        draw(`${event.status} ${event.id}${event.error ? `: ${event.error.split('\n')[0]}` : ''}\n`)
      } else if (event.type === 'build-end') {
        clearTimeout(timer)
        clearInterval(clock)
        timer = clock = undefined
        stream.write(`${erase()}${summaryLine(event)}\n${ESC}?25h`)
        drawn = 0
      } else {
        schedule()
      }
    },
  }
}
