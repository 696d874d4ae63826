/**
 * A long-lived `/usr/bin/python3` running python/tckbb/worker.py, spoken to in JSON lines. The
 * worker evaluates metadata; when it needs a file it asks, and this side answers with the file
 * parsed by the TypeScript parser (shared by all workers, parsed once). Every request has a
 * deadline: a worker that does not answer is killed and the request fails with a clear error
 * instead of hanging the parse.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {createInterface} from 'node:readline'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import type {FileCache} from '../syntax/file-cache.js'

export const pythonDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'python')

export interface WorkerMessage {
  level: string
  message: string
}

export interface WorkerError {
  message: string
  file?: string
  line?: number
  function?: string
}

export class WorkerFailure extends Error {
  constructor(readonly detail: WorkerError, readonly messages: WorkerMessage[]) {
    super(detail.message)
  }
}

interface Pending {
  resolve: (value: {result: any; messages: WorkerMessage[]}) => void
  reject: (error: Error) => void
  timer: NodeJS.Timeout
  op: string
}

export interface WorkerOptions {
  python?: string
  env: NodeJS.ProcessEnv
  files: FileCache
  timeoutMs?: number
}

export class PythonWorker {
  private child: ChildProcess
  private next = 1
  private pending = new Map<number, Pending>()
  private stderr = ''
  private exited = false

  constructor(private options: WorkerOptions) {
    this.child = spawn(options.python ?? '/usr/bin/python3', ['-X', 'utf8', '-m', 'tckbb.worker'], {
      env: {...options.env, PYTHONPATH: pythonDir, PYTHONHASHSEED: options.env.PYTHONHASHSEED ?? '0', PYTHONDONTWRITEBYTECODE: '1'},
      stdio: ['pipe', 'pipe', 'pipe'],
    })
    createInterface({input: this.child.stdout!}).on('line', (line) => this.received(line))
    this.child.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-8000)
    })
    this.child.on('exit', (code, signal) => {
      this.exited = true
      const reason = new Error(`python worker exited (${signal ?? code})${this.stderr ? `: ${this.stderr.trim().split('\n').slice(-5).join(' | ')}` : ''}`)
      for (const [, pending] of this.pending) {
        clearTimeout(pending.timer)
        pending.reject(reason)
      }
      this.pending.clear()
    })
    this.child.on('error', () => undefined)
    // A worker that died mid-write (EPIPE) is reported by its exit, not by an unhandled error.
    this.child.stdin!.on('error', () => undefined)
  }

  /** Whether the worker still takes lines: not gone, and not closing (its stdin ended). */
  private get writable(): boolean {
    return !this.exited && !this.child.stdin!.writableEnded
  }

  /** Writes one line to the worker; one closing or gone needs no answer to a late ask. */
  private send(message: unknown): void {
    if (this.writable) this.child.stdin!.write(JSON.stringify(message) + '\n')
  }

  request(op: string, body: Record<string, unknown>, timeoutMs = this.options.timeoutMs ?? 120_000): Promise<{result: any; messages: WorkerMessage[]}> {
    if (!this.writable) return Promise.reject(new Error('python worker is not running'))
    const id = this.next++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new Error(`python worker did not answer ${op} within ${Math.round(timeoutMs / 1000)} s (metadata python that never returns?); it was stopped`))
        this.kill()
      }, timeoutMs)
      this.pending.set(id, {resolve, reject, timer, op})
      this.send({id, op, ...body})
    })
  }

  private received(line: string) {
    let message: any
    try {
      message = JSON.parse(line)
    } catch {
      return
    }
    if (message.ask !== undefined) {
      this.answer(message.ask, message.path)
      return
    }
    const pending = this.pending.get(message.id)
    if (!pending) return
    this.pending.delete(message.id)
    clearTimeout(pending.timer)
    if (message.error) pending.reject(new WorkerFailure(message.error, message.messages ?? []))
    else pending.resolve({result: message.result, messages: message.messages ?? []})
  }

  private answer(ask: number, path: string) {
    const parsed = this.options.files.get(path)
    this.send(parsed ? {answer: ask, parsed} : {answer: ask, missing: true})
  }

  get alive(): boolean {
    return !this.exited
  }

  kill() {
    if (!this.exited) this.child.kill('SIGKILL')
  }

  close(): Promise<void> {
    if (this.exited) return Promise.resolve()
    return new Promise((resolve) => {
      this.child.once('exit', () => resolve())
      this.child.stdin!.end()
      setTimeout(() => this.kill(), 2000).unref()
    })
  }
}
