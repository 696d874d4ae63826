/** Download progress: a redrawn bar on a terminal, a few plain log lines otherwise. */
import {log} from '../log.js'

export interface Progress {
  start(total: number | undefined, resumedAt: number): void
  advance(bytes: number): void
  done(): void
}

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`

export function progressFor(label: string, mode: 'auto' | 'none' = 'auto'): Progress {
  const quiet = mode === 'none' || process.env.TCK_QUIET === '1'
  const tty = Boolean(process.stderr.isTTY) && !quiet
  let total: number | undefined
  let received = 0
  let startedAt = 0
  let lastDraw = 0
  const draw = () => {
    const seconds = Math.max((Date.now() - startedAt) / 1000, 0.001)
    const rate = `${mib(received / seconds)}/s`
    if (total) {
      const width = 30
      const filled = Math.min(width, Math.round((received / total) * width))
      const percent = Math.floor((received / total) * 100)
      process.stderr.write(`\r${label} [${'='.repeat(filled)}${' '.repeat(width - filled)}] ${percent}% ${mib(received)}/${mib(total)} ${rate}\x1b[K`)
    } else {
      process.stderr.write(`\r${label} ${mib(received)} ${rate}\x1b[K`)
    }
  }
  return {
    start(size, resumedAt) {
      total = size
      received = resumedAt
      startedAt = Date.now()
      if (quiet) return
      if (tty) draw()
      else log.info(`downloading ${label}${size ? ` (${mib(size)})` : ''}${resumedAt ? `, resuming at ${mib(resumedAt)}` : ''}`)
    },
    advance(bytes) {
      received += bytes
      if (tty && Date.now() - lastDraw > 100) {
        lastDraw = Date.now()
        draw()
      }
    },
    done() {
      if (quiet) return
      if (tty) {
        draw()
        process.stderr.write('\n')
      } else {
        log.info(`downloaded ${label}: ${mib(received)}`)
      }
    },
  }
}
