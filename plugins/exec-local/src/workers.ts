/**
 * Small shells that start tasks for tck. Forking the large Node process for each task is most of
 * a cold build's per-task cost (measured here at load 27: 8.9 ms of wall and 1.15 ms of tck's own
 * CPU per spawn, against 1.8 ms and 0.09 ms through a shell that forks itself; bench/engine.md and
 * bench/compile.bench.js). A worker is a `/bin/sh` reading commands from a pipe, one task at
 * a time: tck writes the task as a small script (a subshell that sets up the task's directory and
 * environment — nothing of the worker's leaks in — and execs the program) and the worker sources
 * it, output going to files that tck reads when it ends.
 *
 * Each worker is a process group of its own, started with a parent-death signal (setpriv), so an
 * interrupt (tck kills the group) and tck's own death (the worker kills its group) end the task too.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {accessSync, constants, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {constants as os, tmpdir} from 'node:os'
import {isAbsolute, join} from 'node:path'
import type {ExecRequest, ExecResult} from 'tck'

const quote = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`
const SIGNALS = Object.fromEntries(Object.entries(os.signals).map(([name, number]) => [number, name]))

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

/**
 * Only what a worker reproduces exactly: captured output, no terminal, variables sh can name, and
 * a program that exists — given by its path, or a bare name the task's own PATH finds (the
 * worker's `exec` looks it up there as Node's spawn would; `gcc` in a config task).
 */
export function workerCanRun(request: ExecRequest): boolean {
  if (request.stdio !== 'capture' || request.stdin === 'inherit' || request.argv0 !== undefined) return false
  if (!Object.keys(request.env).every((name) => NAME.test(name))) return false
  const program = request.argv[0]
  if (!program) return false
  if (isAbsolute(program)) return executable(program)
  // Anything else that is not found, or a relative path, is Node's spawn's to start or to fail on, in its words.
  if (program.includes('/') || request.env.PATH === undefined) return false
  return request.env.PATH.split(':').some((dir) => executable(join(isAbsolute(dir) ? dir : join(request.cwd, dir), program)))
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

interface Pending {
  resolve: (status: number) => void
}

class Worker {
  readonly process: ChildProcess
  readonly dir = mkdtempSync(join(tmpdir(), 'tck-worker-'))
  #pending?: Pending
  #buffered = ''
  dead = false

  constructor(wrapper: string[]) {
    // `kill 0` on the parent-death signal takes the worker's whole group, the running task included.
    const shell = ['/bin/sh', '-c', 'trap "kill -KILL 0" TERM; while IFS= read -r task; do . "$task"; done']
    this.process = spawn(wrapper[0] ?? shell[0], [...wrapper.slice(1), ...(wrapper.length > 0 ? shell : shell.slice(1))], {
      env: {}, stdio: ['pipe', 'pipe', 'inherit'], detached: true,
    })
    this.process.stdout!.setEncoding('utf8').on('data', (text: string) => {
      this.#buffered += text
      let end: number
      while ((end = this.#buffered.indexOf('\n')) >= 0) {
        const line = this.#buffered.slice(0, end)
        this.#buffered = this.#buffered.slice(end + 1)
        const pending = this.#pending
        this.#pending = undefined
        pending?.resolve(Number(line))
      }
    })
    this.idle()
    this.process.on('exit', () => {
      this.dead = true
      this.#pending?.resolve(128 + os.signals.SIGKILL)
      this.#pending = undefined
      rmSync(this.dir, {recursive: true, force: true})
    })
  }

  /** An idle worker keeps tck from exiting no more than a finished child would. */
  idle(): void {
    this.process.unref()
    ;(this.process.stdout as unknown as {unref(): void}).unref()
    ;(this.process.stdin as unknown as {unref(): void}).unref()
  }

  busy(): void {
    this.process.ref()
    ;(this.process.stdout as unknown as {ref(): void}).ref()
    ;(this.process.stdin as unknown as {ref(): void}).ref()
  }

  run(request: ExecRequest): Promise<number> {
    this.busy()
    const out = join(this.dir, 'out')
    const err = join(this.dir, 'err')
    let input = '/dev/null'
    if (Buffer.isBuffer(request.stdin)) writeFileSync((input = join(this.dir, 'in')), request.stdin)
    const exports = Object.entries(request.env).map(([name, value]) => `export ${name}=${quote(value)}\n`).join('')
    // The subshell is the task; PWD and OLDPWD are the worker's, not the task's.
    // Written beside and renamed into place: the shell may still hold the last task's script open
    // after its `echo`, and one more read of a file rewritten in place would run the new one's tail.
    const task = join(this.dir, 'task')
    writeFileSync(`${task}.next`, `(cd -- ${quote(request.cwd)} || exit 127\nunset PWD OLDPWD\n${exports}exec ${request.argv.map(quote).join(' ')}\n) <${quote(input)} >${quote(out)} 2>${quote(err)}\necho $?\n`)
    renameSync(`${task}.next`, task)
    return new Promise((resolve) => {
      this.#pending = {resolve}
      this.process.stdin!.write(`${task}\n`)
    })
  }

  output(): {stdout: Buffer; stderr: Buffer} {
    const read = (name: string) => {
      try {
        return readFileSync(join(this.dir, name))
      } catch {
        return Buffer.alloc(0)
      }
    }
    return {stdout: read('out'), stderr: read('err')}
  }

  /** Ends an idle worker: its shell reads end-of-file and exits, and tck waits for it. */
  end(): void {
    this.busy()
    this.process.stdin!.end()
  }

  kill(): void {
    if (this.dead) return // its pid, and so its group's id, may be another process's by now
    try {
      process.kill(-this.process.pid!, 'SIGKILL')
    } catch {}
  }
}

/** Workers waiting for a task, started on demand; a worker that ran a killed task is not reused. */
export class WorkerPool {
  readonly #idle: Worker[] = []
  readonly #all = new Set<Worker>()
  readonly #wrapper: string[]

  /** `wrapper`: what starts the worker's shell (`setpriv --pdeathsig TERM --`), or nothing. */
  constructor(wrapper: string[]) {
    this.#wrapper = wrapper
    // Idle workers are ended, not killed, once tck has nothing left to do, so tck reaps them: the
    // CPU time of every task they ran is then in tck's own (a killed worker's was lost to init,
    // and `time tck build` showed a fraction of what the build cost). The event comes again after
    // they exit, with no idle worker left.
    process.on('beforeExit', () => {
      for (const worker of this.#idle.splice(0)) worker.end()
    })
    process.once('exit', () => this.close())
  }

  async run(request: ExecRequest, signal: AbortSignal): Promise<ExecResult> {
    const started = performance.now()
    const worker = this.#idle.pop() ?? this.#start()
    const abort = () => worker.kill()
    signal.addEventListener('abort', abort, {once: true})
    const status = await worker.run(request)
    worker.idle()
    signal.removeEventListener('abort', abort)
    const {stdout, stderr} = worker.output()
    if (worker.dead || signal.aborted) this.#all.delete(worker)
    else this.#idle.push(worker)
    // A shell reports a program killed by signal N as 128 + N, as tck's own spawn would name it.
    const name = status > 128 ? SIGNALS[status - 128] : undefined
    return {exitCode: status, signal: name, stdout, stderr, durationMs: Math.round(performance.now() - started)}
  }

  #start(): Worker {
    const worker = new Worker(this.#wrapper)
    this.#all.add(worker)
    return worker
  }

  close(): void {
    for (const worker of this.#all) {
      worker.kill()
      rmSync(worker.dir, {recursive: true, force: true})
    }
    this.#all.clear()
    this.#idle.length = 0
  }
}
