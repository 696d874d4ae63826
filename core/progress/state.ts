/** What a progress view shows, folded from build events: counts, what runs now, and an ETA. */
import type {BuildEvent, OutcomeCounts} from '../engine/events.js'

export class ProgressState {
  total = 0
  jobs = 0
  done = 0
  startedAt = 0
  counts: OutcomeCounts = {built: 0, cached: 0, failed: 0, skipped: 0, aborted: 0}
  /** Running tasks by id, with the time each started; insertion order is start order. */
  readonly running = new Map<string, number>()

  apply(event: BuildEvent): void {
    switch (event.type) {
      case 'build-start':
        this.total = event.total
        this.jobs = event.jobs
        this.startedAt = event.time
        break
      case 'task-start':
        this.running.set(event.id, event.time)
        break
      case 'task-end':
        this.running.delete(event.id)
        this.done += 1
        this.counts[event.status] += 1
        break
      case 'build-end':
        this.running.clear()
        break
    }
  }

  /**
   * Milliseconds left, from the throughput so far (tasks done per elapsed time); undefined until
   * enough has finished for the rate to mean something, and once nothing is left. Skipped tasks cost nothing, so they are
   * left out of both sides.
   */
  etaMs(now: number): number | undefined {
    const finished = this.done - this.counts.skipped
    const left = this.total - this.done
    if (finished < 1 || left <= 0) return undefined
    const elapsed = now - this.startedAt
    if (elapsed < 500) return undefined
    return Math.round((elapsed / finished) * left)
  }
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds}s`
  const minutes = Math.floor(seconds / 60)
  return `${minutes}m${String(seconds % 60).padStart(2, '0')}s`
}
