/**
 * The toolchain identity in a task's key. Each program a task runs counts by what exec would run —
 * found the way exec finds it, symlinks resolved — and by its content, so a compiler upgraded in
 * place or a `cc` that now points elsewhere is a new key. A program a compiler plugin answers to
 * also counts by the compiler behind it: its full version and target, and the content of every
 * file it runs (gcc's cc1, collect2, as, ld; a driver may be a wrapper such as ccache).
 */
import {accessSync, constants, realpathSync, statSync, type BigIntStats} from 'node:fs'
import {basename, delimiter, isAbsolute, relative, resolve, sep} from 'node:path'
import type {Compiler, CompilerIdentity} from '../contracts/compiler.js'
import type {KeyPart, TaskSpec} from '../contracts/task.js'
import type {DigestCache} from '../io/digest-cache.js'
import type {CompilerDetections} from './compiler-detections.js'
import type {Observations} from './unchanged/observe.js'

const NONE: readonly string[] = Object.freeze([])

/** Where exec looks when the task has no PATH (libuv's default search path). */
export const DEFAULT_PATH = '/usr/bin:/bin'

/** The task's programs: as listed, else the command's program; what a shell script runs cannot be known. */
export function toolsOf(task: TaskSpec, argv: readonly string[]): readonly string[] {
  if (task.tools) return task.tools
  return 'argv' in task.command && argv[0] ? [argv[0]] : NONE
}

export interface FoundTool {
  /** Where exec finds it: what it runs and what a compiler plugin is asked about. */
  path: string
  realpath: string
  /** The real file's stat data, for the digest cache. */
  info: BigIntStats
}

function executableAt(path: string): FoundTool | undefined {
  try {
    const info = statSync(path, {bigint: true})
    if (!info.isFile()) return undefined
    accessSync(path, constants.X_OK)
    return {path, realpath: realpathSync(path), info}
  } catch {
    return undefined
  }
}

/**
 * What exec runs for `name`: a name with a slash is relative to `cwd`; any other name is the first
 * executable file in `path`'s directories (relative ones, and an empty entry, from `cwd`, as execvp).
 */
export function findTool(name: string, path: string, cwd: string): FoundTool | undefined {
  if (name.includes('/')) return executableAt(resolve(cwd, name))
  for (const dir of path.split(delimiter)) {
    const found = executableAt(resolve(cwd, dir, name))
    if (found) return found
  }
  return undefined
}

/** A compiler's program names, each with an optional target prefix (`aarch64-linux-gnu-`) and version suffix (`-12`). */
function namePattern(compiler: Compiler): RegExp | undefined {
  const names = (compiler.programs ?? []).map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return names.length > 0 ? new RegExp(`^(?:[\\w.]+-)*(?:${names.join('|')})(?:-\\d+(?:\\.\\d+)*)?$`) : undefined
}

/** Only compilers that answer to the program's name as written, or its real file's name, are asked: asking runs it. */
export function compilersNamed(compilers: Compiler[], name: string, realpath: string): Compiler[] {
  const names = [basename(name), basename(realpath)]
  return compilers.filter((compiler) => {
    const pattern = namePattern(compiler)
    return pattern !== undefined && names.some((candidate) => pattern.test(candidate))
  })
}

/**
 * A file's SHA-256; a file tck cannot read (mode --x) counts by its stat data instead of failing
 * the key. No spaces: `tool` values are `<path> <content>`.
 */
export async function contentOf(digests: DigestCache, path: string, info?: BigIntStats): Promise<string> {
  try {
    info ??= statSync(path, {bigint: true, throwIfNoEntry: false})
    if (!info) {
      digests.observer?.exists(path, false)
      return 'missing'
    }
    return await digests.of(path, info)
  } catch (error) {
    if (info) digests.observer?.file(path, 's', info)
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    return info ? `unreadable(${code},size=${info.size},mtime=${info.mtimeNs})` : `unreadable(${code})`
  }
}

/** A path inside the project by its path from the project root, as inputs are, so checkouts elsewhere share keys. */
export function shownPath(root: string, path: string): string {
  let inProject: string
  try {
    inProject = relative(realpathSync(root), path)
  } catch {
    return path
  }
  const outside = inProject === '..' || inProject.startsWith(`..${sep}`) || isAbsolute(inProject)
  return inProject && !outside ? inProject : path
}

/** A task's program as the key sees it, and the compiler behind it when a plugin recognised one. */
export interface ToolKey {
  parts: KeyPart[]
  compiler?: {provider: Compiler; identity: CompilerIdentity}
}

/** What identifying programs needs from the build: its root, compilers, digests and recorded detections. */
export interface ToolContext {
  root: string
  compilers: Compiler[]
  digests: DigestCache
  detections: CompilerDetections
  /** Told of every lookup, for the no-change record. */
  observed?: Pick<Observations, 'tool'>
}

/** `findTool`, told to the build's observations. */
function lookUp(tools: ToolContext, name: string, path: string, cwd: string): FoundTool | undefined {
  const found = findTool(name, path, cwd)
  tools.observed?.tool(name, path, cwd, found)
  return found
}

/** The files a compiler runs, each by content: a bare name is what the driver finds on the task's PATH. */
async function compilerFiles(tools: ToolContext, identity: CompilerIdentity, path: string, cwd: string): Promise<Array<[string, string]>> {
  return Promise.all((identity.files ?? []).map(async (file): Promise<[string, string]> => {
    const found = file.includes('/') ? file : lookUp(tools, file, path, cwd)?.realpath
    return [file, found ? await contentOf(tools.digests, found) : 'not found']
  }))
}

/**
 * Never throws: a program that is not there is a key part like any other; running the task
 * reports it. `asked`: the compilers to ask whatever the program's name (the task names its compiler).
 */
export async function identifyTool(tools: ToolContext, name: string, path: string, cwd: string, asked?: Compiler[]): Promise<ToolKey> {
  const found = lookUp(tools, name, path, cwd)
  if (!found) return {parts: [{kind: 'tool', name, value: 'not found'}]}
  const content = await contentOf(tools.digests, found.realpath, found.info)
  const parts: KeyPart[] = [{kind: 'tool', name, value: `${shownPath(tools.root, found.realpath)} ${content}`}]
  for (const provider of asked ?? compilersNamed(tools.compilers, name, found.realpath)) {
    const identity = await tools.detections.identify(provider, found.path, found.realpath, content, (identity) => compilerFiles(tools, identity, path, cwd))
    if (!identity) continue
    const files = await compilerFiles(tools, identity, path, cwd)
    const {fullVersion, version, target} = identity
    parts.push({kind: 'compiler', name, value: JSON.stringify({name: identity.name, version, ...(fullVersion ? {fullVersion} : {}), target, files})})
    return {parts, compiler: {provider, identity}}
  }
  return {parts}
}
