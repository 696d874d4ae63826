/** Reads `tck build --json` output: one event per line. */
export interface Event {
  type: string
  id?: string
  worker?: number
  status?: string
  [key: string]: unknown
}

export function parseEvents(stdout: string): Event[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Event)
}

/** Status of each task as the stream's task-end events report it. */
export function statuses(events: Event[]): Record<string, string> {
  return Object.fromEntries(events.filter((event) => event.type === 'task-end').map((event) => [event.id!, event.status!]))
}
