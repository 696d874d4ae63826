/**
 * Lines gathered and written once per tick: a cached build of 10,000 tasks is then a handful of
 * writes, not 10,000 synchronous ones on the hot path.
 */
export function batchedWriter(write: (text: string) => void) {
  let pending: string[] = []
  let scheduled = false
  const flush = () => {
    scheduled = false
    if (pending.length === 0) return
    const text = pending.join('')
    pending = []
    write(text)
  }
  return {
    line(text: string): void {
      pending.push(`${text}\n`)
      if (!scheduled) {
        scheduled = true
        setImmediate(flush)
      }
    },
    flush,
  }
}
