/**
 * What each compiler plugin said a program is, kept in `.tck/tools.json` by the program's path,
 * real path and SHA-256: asking means running the program, and a fully cached rebuild must start
 * no process. A changed binary is asked again. A damaged or foreign file only costs re-asking.
 */
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {Compiler, CompilerIdentity} from '../contracts/compiler.js'
import {atomicWriteFile} from '../io/atomic.js'
import {log} from '../log.js'

const FORMAT = 'tck-tools/1'

/**
 * One program as found. The path it was found at is part of what is asked: a multi-call wrapper
 * (ccache) is one binary that is a different compiler under each name.
 */
interface Program {
  realpath: string
  sha256: string
  /** Each compiler's answer by its name; null: not one of its compilers. */
  compilers: Record<string, CompilerIdentity | null>
}

const isString = (value: unknown): value is string => typeof value === 'string'

function isIdentity(value: unknown): value is CompilerIdentity | null {
  if (value === null) return true
  if (typeof value !== 'object') return false
  const {name, path, version, target, files} = value as Record<string, unknown>
  return [name, path, version, target].every(isString) && (files === undefined || (Array.isArray(files) && files.every(isString)))
}

function isProgram(value: unknown): value is Program {
  if (typeof value !== 'object' || value === null) return false
  const {realpath, sha256, compilers} = value as Record<string, unknown>
  return isString(realpath) && isString(sha256) && typeof compilers === 'object' && compilers !== null &&
    Object.values(compilers).every(isIdentity)
}

/** The recorded programs; whatever does not have the expected shape is left out, to be asked again. */
function parse(text: string): Map<string, Program> {
  try {
    const parsed = JSON.parse(text) as {format?: unknown; programs?: unknown}
    if (parsed?.format !== FORMAT || typeof parsed.programs !== 'object' || parsed.programs === null) return new Map()
    return new Map(Object.entries(parsed.programs).filter((entry): entry is [string, Program] => isProgram(entry[1])))
  } catch {
    return new Map()
  }
}

export class CompilerDetections {
  readonly #asking = new Map<string, Promise<CompilerIdentity | undefined>>()
  #saving: Promise<void> = Promise.resolve()

  constructor(
    readonly root: string,
    private readonly programs: Map<string, Program>,
  ) {}

  static file(root: string): string {
    return join(root, '.tck', 'tools.json')
  }

  static async load(root: string): Promise<CompilerDetections> {
    const text = await readFile(CompilerDetections.file(root), 'utf8').catch(() => '')
    return new CompilerDetections(root, parse(text))
  }

  /** `compiler`'s identity of the program at `path` (found there, resolving to `realpath` with content `sha256`), asked once per binary. */
  async identify(compiler: Compiler, path: string, realpath: string, sha256: string): Promise<CompilerIdentity | undefined> {
    const known = this.programs.get(path)
    const recorded = known?.realpath === realpath && known.sha256 === sha256 ? known.compilers[compiler.name] : undefined
    if (recorded !== undefined) return recorded ?? undefined
    const asking = `${compiler.name}\0${path}\0${realpath}\0${sha256}`
    let answer = this.#asking.get(asking)
    if (!answer) {
      this.#asking.set(asking, (answer = this.#ask(compiler, path, realpath, sha256)))
      answer.finally(() => this.#asking.delete(asking)).catch(() => {})
    }
    return answer
  }

  async #ask(compiler: Compiler, path: string, realpath: string, sha256: string): Promise<CompilerIdentity | undefined> {
    let identity: CompilerIdentity | undefined
    try {
      identity = await compiler.detect(path)
    } catch (error) {
      // Not recorded, so the next build asks again; the program's own digest still keys the task.
      log.warn(`compiler ${compiler.name} could not identify ${path}: ${error instanceof Error ? error.message : String(error)}`)
      return undefined
    }
    const known = this.programs.get(path)
    // Another binary at this path replaces what was recorded for the old one.
    const program = known?.realpath === realpath && known.sha256 === sha256 ? known : {realpath, sha256, compilers: {}}
    // Only the identity's own fields: a plugin's object may carry more than JSON can keep.
    program.compilers[compiler.name] = identity
      ? {name: identity.name, path: identity.path, version: identity.version, target: identity.target, files: [...(identity.files ?? [])]}
      : null
    this.programs.set(path, program)
    this.#save()
    return identity
  }

  /** Writes after each new answer, one write at a time; a failed write only costs asking again. */
  #save(): void {
    this.#saving = this.#saving.then(async () => {
      try {
        await atomicWriteFile(CompilerDetections.file(this.root), JSON.stringify({format: FORMAT, programs: Object.fromEntries(this.programs)}))
      } catch (error) {
        log.warn(`cannot record compiler detections in ${CompilerDetections.file(this.root)}: ${(error as Error).message}`)
      }
    })
  }

  /** Resolves when every answer so far is on disk. */
  saved(): Promise<void> {
    return this.#saving
  }
}

const open = new Map<string, Promise<CompilerDetections>>()

/** One record per project root and process, loaded on first use. */
export function compilerDetections(root: string): Promise<CompilerDetections> {
  let detections = open.get(root)
  if (!detections) open.set(root, (detections = CompilerDetections.load(root)))
  return detections
}

/** Waits for the project's record to be written, if this process changed it. */
export async function savedCompilerDetections(root: string): Promise<void> {
  await (await open.get(root))?.saved()
}
