/** Diagnostics to stderr, so stdout stays clean for --json and for programs tck runs. */
const quiet = () => process.env.TCK_QUIET === '1'

export const log = Object.freeze({
  info(message: string): void {
    if (!quiet()) process.stderr.write(`${message}\n`)
  },
  warn(message: string): void {
    process.stderr.write(`tck: warning: ${message}\n`)
  },
  debug(message: string): void {
    if (process.env.TCK_DEBUG) process.stderr.write(`tck:debug ${message}\n`)
  },
})
