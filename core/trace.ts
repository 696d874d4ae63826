/** `--trace-hooks`: print each hook as it fires and each tap it runs, through tapable interceptors. */
import type {Hook} from 'tapable'
import type {HookName, Pipeline} from './pipeline.js'

function subject(args: unknown[]): string {
  for (const arg of args) {
    const task = (arg as {task?: {id?: string}})?.task
    if (task?.id) return ` [${task.id}]`
  }
  const first = args[0] as {file?: string; name?: string} | undefined
  return first?.file ? ` [${first.file}]` : first?.name ? ` [${first.name}]` : ''
}

export function traceHooks(pipeline: Pipeline, write: (line: string) => void): void {
  for (const name of Object.keys(pipeline) as HookName[]) {
    const hook = pipeline[name] as unknown as Hook<unknown[], unknown>
    let current = ''
    hook.intercept({
      call: (...args: unknown[]) => {
        current = subject(args)
        write(`hook ${name}${current} (${hook.taps.length} tap${hook.taps.length === 1 ? '' : 's'})`)
      },
      tap: (tap) => write(`  tap ${name}${current} <- ${tap.name}`),
    })
  }
}
