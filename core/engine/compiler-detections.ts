/**
 * What each compiler plugin said a program is, kept in the project state (`.tck/tools.json`) by
 * the program's path, real path and SHA-256, and the content of the files the compiler said it
 * runs: asking means running the program, and a fully cached rebuild must start no process. A
 * changed binary, or a changed cc1 behind an unchanged driver, is asked again (the full version
 * may have changed with it). A damaged or foreign file only costs re-asking.
 */
import {isAbsolute, join} from 'node:path'
import type {Compiler, CompilerIdentity} from '../contracts/compiler.js'
import {atomicWriteFile} from '../io/atomic.js'
import {log} from '../log.js'
import {sharedLibraries} from './shared-libraries.js'
import type {ProjectState, StateSection} from './state.js'

// 2: identities name the shared libraries their programs load (1's are asked again).
const FORMAT = 'tck-tools/2'
const SECTION = 'tools'

/** The content of each file an identity names, as the key sees it. */
type FilesOf = (identity: CompilerIdentity) => Promise<Array<[string, string]>>

/**
 * One program as found. The path it was found at is part of what is asked: a multi-call wrapper
 * (ccache) is one binary that is a different compiler under each name.
 */
interface Program {
  realpath: string
  sha256: string
  /** Each compiler's answer by its name; null: not one of its compilers. */
  compilers: Record<string, CompilerIdentity | null>
  /** By compiler name: the content of the files its answer named, when it was given. */
  files?: Record<string, Array<[string, string]>>
}

const isString = (value: unknown): value is string => typeof value === 'string'

const isStrings = (value: unknown) => Array.isArray(value) && value.every(isString)

function isIdentity(value: unknown): value is CompilerIdentity | null {
  if (value === null) return true
  if (typeof value !== 'object') return false
  const {name, path, version, target, files, includeDirs, libraryDirs} = value as Record<string, unknown>
  return [name, path, version, target].every(isString) && (files === undefined || isStrings(files)) &&
    (libraryDirs === undefined || isStrings(libraryDirs)) &&
    (includeDirs === undefined || (typeof includeDirs === 'object' && includeDirs !== null && Object.values(includeDirs).every(isStrings)))
}

function isProgram(value: unknown): value is Program {
  if (typeof value !== 'object' || value === null) return false
  const {realpath, sha256, compilers} = value as Record<string, unknown>
  return isString(realpath) && isString(sha256) && typeof compilers === 'object' && compilers !== null &&
    Object.values(compilers).every(isIdentity)
}

/** The recorded programs; whatever does not have the expected shape is left out, to be asked again. */
function parse(saved: unknown): Map<string, Program> {
  const {format, programs} = (saved ?? {}) as {format?: unknown; programs?: unknown}
  if (format !== FORMAT || typeof programs !== 'object' || programs === null) return new Map()
  return new Map(Object.entries(programs).filter((entry): entry is [string, Program] => isProgram(entry[1])))
}

/**
 * The files an identity names, and the shared libraries that the program and those of them given
 * by path load: an upgraded libisl or libLLVM is another compiler, though no binary changed.
 * (Bare names are found on each task's PATH, so their libraries are not known here.)
 */
async function withLibraries(realpath: string, files: readonly string[]): Promise<string[]> {
  const libraries = await sharedLibraries([realpath, ...files.filter((file) => isAbsolute(file))])
  return [...new Set([...files, ...libraries])]
}

const sameFiles = (a: Array<[string, string]> | undefined, b: Array<[string, string]>) => JSON.stringify(a ?? []) === JSON.stringify(b)

export class CompilerDetections implements StateSection {
  readonly #asking = new Map<string, Promise<CompilerIdentity | undefined>>()
  #dirty = false

  constructor(private readonly programs: Map<string, Program> = new Map()) {}

  static open(state: ProjectState): Promise<CompilerDetections> {
    return state.section(SECTION, async () => new CompilerDetections(parse(await state.read(SECTION))))
  }

  get dirty(): boolean {
    return this.#dirty
  }

  /**
   * `compiler`'s identity of the program at `path` (found there, resolving to `realpath` with
   * content `sha256`), asked once per binary and per content of the files the answer named.
   */
  async identify(compiler: Compiler, path: string, realpath: string, sha256: string, filesOf: FilesOf): Promise<CompilerIdentity | undefined> {
    const known = this.programs.get(path)
    const recorded = known?.realpath === realpath && known.sha256 === sha256 ? known.compilers[compiler.name] : undefined
    if (recorded === null) return undefined
    if (recorded && sameFiles(known!.files?.[compiler.name], await filesOf(recorded))) return recorded
    const asking = `${compiler.name}\0${path}\0${realpath}\0${sha256}`
    let answer = this.#asking.get(asking)
    if (!answer) {
      this.#asking.set(asking, (answer = this.#ask(compiler, path, realpath, sha256, filesOf)))
      answer.finally(() => this.#asking.delete(asking)).catch(() => {})
    }
    return answer
  }

  async #ask(compiler: Compiler, path: string, realpath: string, sha256: string, filesOf: FilesOf): Promise<CompilerIdentity | undefined> {
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
    const recorded: CompilerIdentity | null = identity ? {
      name: identity.name, path: identity.path, version: identity.version, target: identity.target, files: await withLibraries(realpath, identity.files ?? []),
      ...(identity.fullVersion ? {fullVersion: identity.fullVersion} : {}),
      ...(identity.includeDirs ? {includeDirs: identity.includeDirs} : {}),
      ...(identity.libraryDirs ? {libraryDirs: [...identity.libraryDirs]} : {}),
    } : null
    program.compilers[compiler.name] = recorded
    program.files = {...program.files, [compiler.name]: recorded ? await filesOf(recorded) : []}
    this.programs.set(path, program)
    this.#dirty = true
    return recorded ?? undefined
  }

  async save(dir: string): Promise<void> {
    await atomicWriteFile(join(dir, `${SECTION}.json`), JSON.stringify({format: FORMAT, programs: Object.fromEntries(this.programs)}))
    this.#dirty = false
  }
}
