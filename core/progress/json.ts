/** `--json`: the build as newline-delimited JSON events on stdout, one object per line. */
import type {BuildEvent} from '../engine/events.js'
import {batchedWriter} from './batch.js'

export function jsonView(write: (text: string) => void) {
  const out = batchedWriter(write)
  return {
    onEvent(event: BuildEvent): void {
      out.line(JSON.stringify(event))
      if (event.type === 'build-end') out.flush()
    },
  }
}
