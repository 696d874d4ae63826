/**
 * The toolchain identity in a task's key. Each program a task runs counts by what exec would run —
 * found the way exec finds it, symlinks resolved — and by its content, so a compiler upgraded in
 * place or a `cc` that now points elsewhere is a new key. A program a compiler plugin answers to
 * also counts by the compiler behind it: a driver is not the whole compiler (gcc's cc1 lives in
 * libexec; /usr/lib/ccache/gcc is ccache).
 */
import {accessSync, constants, realpathSync, statSync, type BigIntStats} from 'node:fs'
import {basename, delimiter, isAbsolute, relative, resolve, sep} from 'node:path'
import type {Compiler, CompilerIdentity} from '../contracts/compiler.js'
import type {KeyParts, TaskSpec} from '../contracts/task.js'
import {digestCache, type DigestCache} from '../io/digest-cache.js'
import type {BuildContext} from '../pipeline.js'
import type {Registries} from '../registries.js'
import {compilerDetections} from './compiler-detections.js'

const NONE: readonly string[] = Object.freeze([])

/** Where exec looks when the task has no PATH (libuv's default search path). */
const DEFAULT_PATH = '/usr/bin:/bin'

/** The task's programs: as listed, else an argv's program; what a shell script runs cannot be known. */
export function toolsOf(task: TaskSpec): readonly string[] {
  if (task.tools) return task.tools
  return 'argv' in task.command && task.command.argv[0] ? [task.command.argv[0]] : NONE
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

async function compilerBehind(root: string, registries: Registries, name: string, found: FoundTool, content: string): Promise<CompilerIdentity | undefined> {
  const candidates = compilersNamed(registries.compiler.list().map(({provider}) => provider), name, found.realpath)
  if (candidates.length === 0) return undefined
  const detections = await compilerDetections(root)
  for (const compiler of candidates) {
    const identity = await detections.identify(compiler, found.path, found.realpath, content)
    if (identity) return identity
  }
  return undefined
}

/**
 * A file's SHA-256; a file tck cannot read (mode --x) counts by its stat data instead of failing
 * the key. No spaces: `tool:` values are `<path> <content>`.
 */
async function contentOf(digests: DigestCache, path: string, info?: BigIntStats): Promise<string> {
  try {
    info ??= statSync(path, {bigint: true, throwIfNoEntry: false})
    if (!info) return 'missing'
    return await digests.of(path, info)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error'
    return info ? `unreadable(${code},size=${info.size},mtime=${info.mtimeNs})` : `unreadable(${code})`
  }
}

/** A program in the project by its path from the project root, as inputs are, so checkouts elsewhere share keys. */
function shown(root: string, realpath: string): string {
  let inProject: string
  try {
    inProject = relative(realpathSync(root), realpath)
  } catch {
    return realpath
  }
  const outside = inProject === '..' || inProject.startsWith(`..${sep}`) || isAbsolute(inProject)
  return inProject && !outside ? inProject : realpath
}

/** Never throws: a program that is not there is a key part like any other; running the task reports it. */
async function partsOf(root: string, registries: Registries, name: string, path: string, cwd: string): Promise<KeyParts> {
  const found = findTool(name, path, cwd)
  if (!found) return [[`tool:${name}`, 'not found']]
  const digests = await digestCache(root)
  const content = await contentOf(digests, found.realpath, found.info)
  const parts: KeyParts = [[`tool:${name}`, `${shown(root, found.realpath)} ${content}`]]
  const compiler = await compilerBehind(root, registries, name, found, content)
  if (compiler) {
    const files = await Promise.all((compiler.files ?? []).map(async (file) => [file, await contentOf(digests, file)]))
    parts.push([`compiler:${name}`, JSON.stringify({name: compiler.name, version: compiler.version, target: compiler.target, files})])
  }
  return parts
}

/** Each build's parts by program, PATH and working directory: 10,000 tasks that run cc look it up once. */
const builtTools = new WeakMap<BuildContext, Map<string, Promise<KeyParts>>>()

/** `tool:<name>` (real path, from the project root when inside it, and SHA-256) for each program; `compiler:<name>` for one a compiler plugin recognises. */
export async function toolKeyParts(build: BuildContext, registries: Registries, tools: readonly string[], path: string | undefined, cwd: string): Promise<KeyParts> {
  let memo = builtTools.get(build)
  if (!memo) builtTools.set(build, (memo = new Map()))
  const searched = path ?? DEFAULT_PATH
  const parts: KeyParts = []
  // Sorted and once each: the order a user lists them in says nothing about the result.
  for (const name of tools.length === 1 ? tools : [...new Set(tools)].sort()) {
    const key = `${name}\0${searched}\0${cwd}`
    let known = memo.get(key)
    if (!known) memo.set(key, (known = partsOf(build.root, registries, name, searched, cwd)))
    parts.push(...(await known))
  }
  return parts
}
