/**
 * CMake's own diagnostics, condensed: `CMake Error at CMakeLists.txt:5 (add_executable):` and the
 * indented lines under it become one line each, so the failed task's message (its last stderr
 * lines) names every error with its file and line however long CMake's call stacks are.
 */
export function cmakeErrors(stderr: string): string[] {
  const errors: string[] = []
  const lines = stderr.split('\n')
  for (let index = 0; index < lines.length; index++) {
    const head = /^CMake Error(?: at ([^\n]+?):(\d+) \(([^)]*)\))?:?\s*(.*)$/.exec(lines[index])
    if (!head) continue
    const body: string[] = head[4] ? [head[4]] : []
    while (index + 1 < lines.length && (lines[index + 1].startsWith(' ') || lines[index + 1] === '')) {
      const text = lines[++index].trim()
      if (text === 'Call Stack (most recent call first):') break
      if (text) body.push(text)
    }
    const where = head[1] ? `${head[1]}:${head[2]}: ` : ''
    errors.push(`${where}error: ${body.join(' ')}${head[3] ? ` (${head[3]})` : ''}`)
  }
  return errors
}
