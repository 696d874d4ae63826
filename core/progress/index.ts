/** Picks the progress view: JSON events, a live terminal view, plain lines, or nothing. */
import type {BuildEvent} from '../engine/events.js'
import {jsonView} from './json.js'
import {plainView} from './plain.js'
import {ttyView} from './tty.js'

export type ProgressMode = 'auto' | 'tty' | 'plain' | 'json' | 'none'

export function progressView(mode: ProgressMode): (event: BuildEvent) => void {
  const resolved = mode === 'auto' ? (process.stderr.isTTY && process.env.TERM !== 'dumb' ? 'tty' : 'plain') : mode
  switch (resolved) {
    case 'json':
      return jsonView((text) => process.stdout.write(text)).onEvent
    case 'tty':
      return ttyView(process.stderr).onEvent
    case 'plain':
      return plainView((text) => process.stderr.write(text)).onEvent
    default:
      return () => {}
  }
}
