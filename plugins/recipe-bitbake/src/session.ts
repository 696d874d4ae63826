/**
 * One parse of a build directory: python workers configured from it (each parses the
 * configuration once), the recipe files collected from that configuration, and the recipes
 * parsed over the workers. Recipes are handed out one at a time to whichever worker is free.
 */
import {cpus} from 'node:os'
import {appendsFor, collectFiles, fileCollection, type CollectedFiles, type LayerConfig} from './layers/collect.js'
import {PythonWorker, WorkerFailure, type WorkerError, type WorkerMessage} from './python/worker.js'
import {FileCache} from './syntax/file-cache.js'

export interface SessionOptions {
  buildDir: string
  env: NodeJS.ProcessEnv
  jobs?: number
  python?: string
  timeoutMs?: number
}

/** Files read or probed: [path, mtime_ns, size, inode] as the worker first saw them, [path] if absent. */
export type Depends = Array<[string, ...string[]]>

export interface ConfigResult extends LayerConfig {
  preferred: Record<string, string | null>
  depends: Depends
  messages: WorkerMessage[]
}

export interface VariantResult {
  name: string
  variant: string
  skipped: string | null
  values: Record<string, unknown>
  tasks: Array<{name: string; flags: Record<string, unknown>}>
  inherits: string[]
}

export interface RecipeResult {
  file: string
  layer?: string
  appends: string[]
  variants: VariantResult[]
  depends: Depends
  messages: WorkerMessage[]
  error?: WorkerError
  all?: Record<string, {value?: string | null; error?: string; func?: string; export?: boolean; unexport?: boolean}>
}

export class Session {
  readonly files = new FileCache()
  private workers: PythonWorker[] = []
  config!: ConfigResult
  collected!: CollectedFiles

  constructor(readonly options: SessionOptions) {}

  private spawn(): PythonWorker {
    return new PythonWorker({env: this.options.env, files: this.files, python: this.options.python, timeoutMs: this.options.timeoutMs})
  }

  /** Starts the workers and parses the configuration in each. */
  async configure(jobs = this.options.jobs ?? Math.max(1, Math.min(2, cpus().length))): Promise<ConfigResult> {
    this.workers = Array.from({length: jobs}, () => this.spawn())
    const answers = await Promise.all(this.workers.map((worker) => this.configureWorker(worker)))
    this.config = answers[0]
    this.collected = collectFiles(this.config)
    return this.config
  }

  private async configureWorker(worker: PythonWorker): Promise<ConfigResult> {
    const {result, messages} = await worker.request('configure', {cwd: this.options.buildDir, env: this.options.env})
    return {...result, messages}
  }

  layerOf(file: string): string | undefined {
    return fileCollection(file, this.collected.collections)?.name
  }

  /** Parses one recipe file on a given worker; a failure becomes the result's error. */
  async parseOn(worker: PythonWorker, file: string, extra: Record<string, unknown> = {}): Promise<RecipeResult> {
    const appends = appendsFor(file, this.collected.appends)
    const layer = this.layerOf(file)
    try {
      const {result, messages} = await worker.request('parse', {file, appends, layer, ...extra})
      return {...result, layer, appends, messages}
    } catch (error) {
      const detail: WorkerError = error instanceof WorkerFailure ? error.detail : {message: (error as Error).message, file}
      return {file, layer, appends, variants: [], depends: [], messages: error instanceof WorkerFailure ? error.messages : [], error: detail}
    }
  }

  /** Parses the files over all workers; a worker that died is replaced and configured again. */
  async parseMany(files: string[], onResult: (result: RecipeResult) => void, extra: (file: string) => Record<string, unknown> = () => ({})): Promise<void> {
    let next = 0
    const run = async (index: number) => {
      while (next < files.length) {
        const file = files[next++]
        if (!this.workers[index].alive) {
          this.workers[index] = this.spawn()
          await this.configureWorker(this.workers[index])
        }
        onResult(await this.parseOn(this.workers[index], file, extra(file)))
      }
    }
    await Promise.all(this.workers.map((_, index) => run(index)))
  }

  /** A request to the first worker (getvar, env, select). */
  async workerRequest(op: string, body: Record<string, unknown>): Promise<{result: any; messages: WorkerMessage[]}> {
    return this.workers[0].request(op, body)
  }

  async configValues(): Promise<Record<string, {value?: string | null; error?: string}>> {
    return (await this.workers[0].request('config_values', {})).result.all
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()))
  }
}
