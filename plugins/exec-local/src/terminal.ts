/**
 * A program given the terminal itself (`stdio: 'terminal'`): stdin, stdout and stderr untouched,
 * in tck's process group so Ctrl-C reaches it directly. While it runs tck ignores the terminal's
 * signals and forwards the ones aimed at tck alone; nothing is captured.
 */
import {spawn} from 'node:child_process'
import {constants} from 'node:os'
import type {ExecRequest, ExecResult, TckApi} from 'tck'

const TERMINAL_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGQUIT', 'SIGTSTP']
const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGHUP', 'SIGUSR1', 'SIGUSR2']

export function runInTerminal(request: ExecRequest, signal: AbortSignal, {readyReaper, killWithTck}: TckApi['processes']): Promise<ExecResult> {
  const started = performance.now()
  return new Promise((resolve) => {
    const stdin = request.stdin === 'ignore' ? 'ignore' : Buffer.isBuffer(request.stdin) ? 'pipe' : 'inherit'
    readyReaper()
    const child = spawn(request.argv[0], request.argv.slice(1), {
      cwd: request.cwd, env: request.env, argv0: request.argv0, stdio: [stdin, 'inherit', 'inherit'],
    })
    // In tck's process group (the terminal's), so the reaper names the program itself.
    const release = child.pid ? killWithTck(child.pid) : () => {}
    const ignore = () => {}
    const forward = (name: NodeJS.Signals) => child.kill(name)
    for (const name of TERMINAL_SIGNALS) process.on(name, ignore)
    for (const name of FORWARDED_SIGNALS) process.on(name, forward)
    const abort = () => child.kill('SIGKILL')
    signal.addEventListener('abort', abort, {once: true})
    if (Buffer.isBuffer(request.stdin)) child.stdin!.end(request.stdin)
    const finish = (exitCode: number, signalName?: string, stderr = '') => {
      release()
      for (const name of TERMINAL_SIGNALS) process.off(name, ignore)
      for (const name of FORWARDED_SIGNALS) process.off(name, forward)
      signal.removeEventListener('abort', abort)
      resolve({exitCode, signal: signalName, stdout: Buffer.alloc(0), stderr: Buffer.from(stderr), durationMs: Math.round(performance.now() - started)})
    }
    child.on('error', (error) => finish(127, undefined, `${request.argv0 ?? request.argv[0]}: ${error.message}\n`))
    child.on('close', (code, name) => finish(code ?? 128 + (name ? constants.signals[name] : 0), name ?? undefined))
  })
}
