/** One child process: output captured (and echoed when asked), killed as a group on abort. */
import {spawn} from 'node:child_process'
import type {ExecRequest, ExecResult} from 'tck'

export function runProcess(request: ExecRequest, signal: AbortSignal, argv = request.argv): Promise<ExecResult> {
  const started = performance.now()
  return new Promise((resolve) => {
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    const stdin = request.stdin === 'inherit' ? 'inherit' : request.stdin ? 'pipe' : 'ignore'
    const child = spawn(argv[0], argv.slice(1), {
      cwd: request.cwd,
      env: request.env,
      stdio: [stdin, 'pipe', 'pipe'],
      detached: true,
    })
    const kill = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {}
    }
    signal.addEventListener('abort', kill, {once: true})
    if (Buffer.isBuffer(request.stdin)) child.stdin!.end(request.stdin)
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout.push(chunk)
      if (request.stdio === 'inherit') process.stdout.write(chunk)
    })
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr.push(chunk)
      if (request.stdio === 'inherit') process.stderr.write(chunk)
    })
    const finish = (exitCode: number, signalName?: string) => {
      signal.removeEventListener('abort', kill)
      resolve({
        exitCode,
        signal: signalName,
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr),
        durationMs: Math.round(performance.now() - started),
      })
    }
    child.on('error', (error) => {
      stderr.push(Buffer.from(`${argv[0]}: ${error.message}\n`))
      finish(127)
    })
    child.on('close', (code, signalName) => finish(code ?? 128, signalName ?? undefined))
  })
}
