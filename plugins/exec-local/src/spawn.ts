/** One child process: output captured (and echoed when asked), killed as a group on abort or when tck dies. */
import {spawn, type ChildProcess} from 'node:child_process'
import type {ExecRequest, ExecResult, TckApi} from 'tck'

/**
 * The machine, not the task, failed to start it: out of processes or memory, out of file
 * descriptors, or the program is still open for writing (a linker finishing it). Worth a retry.
 */
const TRANSIENT_SPAWN_ERRORS = new Set(['EAGAIN', 'ENOMEM', 'EMFILE', 'ENFILE', 'ETXTBSY'])

export function runProcess(request: ExecRequest, signal: AbortSignal, {readyReaper, killWithTck}: TckApi['processes']): Promise<ExecResult> {
  const {argv} = request
  const started = performance.now()
  return new Promise((resolve) => {
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    const kill = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {}
    }
    let release = () => {}
    const finish = (exitCode: number, signalName?: string, transient = false) => {
      release()
      signal.removeEventListener('abort', kill)
      resolve({
        exitCode,
        signal: signalName,
        transient,
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr),
        durationMs: Math.round(performance.now() - started),
      })
    }
    // The task's program could not start: its failure, with the reason, never an executor crash.
    const cannotStart = (error: NodeJS.ErrnoException) => {
      stderr.push(Buffer.from(`${argv[0]}: ${error.message}\n`))
      finish(127, undefined, TRANSIENT_SPAWN_ERRORS.has(error.code ?? ''))
    }

    const stdin = request.stdin === 'inherit' ? 'inherit' : request.stdin ? 'pipe' : 'ignore'
    let child: ChildProcess
    try {
      readyReaper()
      child = spawn(argv[0], argv.slice(1), {cwd: request.cwd, env: request.env, argv0: request.argv0, stdio: [stdin, 'pipe', 'pipe'], detached: true})
    } catch (error) {
      // Some failures (ETXTBSY, EACCES) are thrown at once instead of emitted as 'error'.
      return cannotStart(error as NodeJS.ErrnoException)
    }
    // Its own process group (detached), so the group is what dies: the compiler's cc1, as and ld too.
    if (child.pid) release = killWithTck(-child.pid)
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
    child.on('error', cannotStart)
    child.on('close', (code, signalName) => finish(code ?? 128, signalName ?? undefined))
  })
}
