/**
 * The command line of a GNU-style C driver (gcc, clang, tcc all take it) read for what it makes
 * the compiler read: response files, include and library search directories, the language — and,
 * by adding what makes the driver write make-rule depfiles, every header it included and every
 * file the link took. Compiler plugins answer `inspect` with it and their own defaults.
 */
import {readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import type {CommandReads, CompilerIdentity} from '../contracts/compiler.js'
import {run} from '../io/tools.js'
import {flagNamedFiles, withoutExtension} from './flag-files.js'

export interface DriverArgs {
  /** The arguments with every `@file` replaced by its words, as the driver sees them. */
  argv: string[]
  /** `@file` arguments, as written (relative to the working directory). */
  responseFiles: string[]
  /** `-iquote`, then `-I`, `-isystem`, `-idirafter`: in the order the driver searches them. */
  quote: string[]
  include: string[]
  system: string[]
  after: string[]
  /** `-L` directories, in order. */
  libraryDirs: string[]
  /** `-c`, `-S` or `-E`: no link step, so no libraries are read. */
  compileOnly: boolean
  /** `-x c++`, or a C++ source or a `++` driver: which default include directories apply. */
  language: 'c' | 'c++'
  /** The command already writes its own depfile (`-MD`, `-MMD`, `-MF`), which must not be redirected. */
  ownDepfile: boolean
  /** `-MF`'s file and `-o`'s, as written. */
  depfile?: string
  output?: string
  /** `-nostdinc`: the default include directories are not searched. */
  noStdInc: boolean
  /** `-B` prefixes (relative to the working directory), where the driver looks for its programs first. */
  prefixes: string[]
  /** Files given to flags that the compiler reads and no depfile lists (`-specs=`, `-fplugin=`, ...), as written. */
  flagFiles: Array<{flag: string; file: string}>
  /** `-fprofile-use` (`''`) and the directories of `-fprofile-use=` and `-fprofile-dir=`: where the object's .gcda is read from. */
  profiles: string[]
}

/** Splits a response file as GCC does: whitespace separates, quotes and backslashes escape. */
function responseWords(text: string): string[] {
  return [...text.matchAll(/(?:[^\s"'\\]|\\.|"(?:[^"\\]|\\.)*"|'[^']*')+/g)].map(([word]) =>
    word.replace(/\\(.)|"((?:[^"\\]|\\.)*)"|'([^']*)'/g, (_, escaped, double, single) => escaped ?? (double !== undefined ? double.replace(/\\(.)/g, '$1') : single)),
  )
}

/** Flags that take their value as the next word or joined (`-Idir`, `-I dir`). */
const SEARCH_FLAGS: Record<string, keyof Pick<DriverArgs, 'quote' | 'include' | 'system' | 'after' | 'libraryDirs'>> = {
  '-iquote': 'quote', '-I': 'include', '-isystem': 'system', '-idirafter': 'after', '-L': 'libraryDirs',
}

/**
 * Flags whose value is a file the driver or compiler reads but no depfile lists: specs files,
 * compiler plugins, clang's configuration files and profiles. (`-fprofile-use`'s .gcda files are
 * named by the object: see flag-files.ts.)
 */
const FILE_FLAGS = ['-specs', '--specs', '-fplugin', '--config', '-fprofile-instr-use', '-fprofile-sample-use', '-fauto-profile']

const CXX_SOURCE = /\.(cc|cp|cxx|cpp|c\+\+|C|ii)$/

export function readDriverArgs(argv: readonly string[], cwd: string, depth = 0): DriverArgs {
  const args: DriverArgs = {
    argv: [], responseFiles: [], quote: [], include: [], system: [], after: [], libraryDirs: [],
    compileOnly: false, language: /\+\+(-[\d.]+)?$/.test(argv[0] ?? '') ? 'c++' : 'c', ownDepfile: false, noStdInc: false,
    prefixes: [], flagFiles: [], profiles: [],
  }
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]
    if (word.startsWith('@') && word.length > 1 && depth < 8) {
      let text: string
      try {
        text = readFileSync(resolve(cwd, word.slice(1)), 'utf8')
      } catch {
        args.argv.push(word) // not a file: the driver passes it on as written
        continue
      }
      const inner = readDriverArgs(['', ...responseWords(text)], cwd, depth + 1)
      args.responseFiles.push(word.slice(1), ...inner.responseFiles)
      for (const field of ['quote', 'include', 'system', 'after', 'libraryDirs'] as const) args[field].push(...inner[field])
      args.argv.push(...inner.argv.slice(1))
      args.compileOnly ||= inner.compileOnly
      args.ownDepfile ||= inner.ownDepfile
      args.depfile = inner.depfile ?? args.depfile
      args.output = inner.output ?? args.output
      args.noStdInc ||= inner.noStdInc
      args.prefixes.push(...inner.prefixes)
      args.flagFiles.push(...inner.flagFiles)
      args.profiles.push(...inner.profiles)
      if (inner.language === 'c++') args.language = 'c++'
      continue
    }
    args.argv.push(word)
    /** The flag's value, joined (`-Idir`, `-specs=x`: after `joined` characters) or the next word (`-I dir`), which is kept. */
    const valueOf = (name: string, joined = name.length): string | undefined => {
      if (word !== name) return word.slice(joined)
      const next = argv[++index]
      if (next !== undefined) args.argv.push(next)
      return next
    }
    const flag = Object.keys(SEARCH_FLAGS).find((name) => word.startsWith(name))
    const fileFlag = FILE_FLAGS.find((name) => word.startsWith(`${name}=`) || (word === name && name === '--config'))
    if (word.startsWith('-B')) {
      const value = valueOf('-B')
      if (value) args.prefixes.push(value)
    } else if (fileFlag) {
      // `--config x` takes the next word; the others are only ever joined (`-fplugin-arg-…` is not a file).
      const value = valueOf(fileFlag, fileFlag.length + 1)
      if (value) args.flagFiles.push({flag: fileFlag, file: value})
    } else if (flag) {
      const value = valueOf(flag)
      if (value !== undefined) args[SEARCH_FLAGS[flag]].push(resolve(cwd, value))
    } else if (word === '-fprofile-use' || word.startsWith('-fprofile-use=') || word.startsWith('-fprofile-dir=')) {
      args.profiles.push(word.includes('=') ? word.slice(word.indexOf('=') + 1) : '')
    } else if (word === '-fprofile-instr-use') {
      args.flagFiles.push({flag: word, file: 'default.profdata'})
    } else if (word === '-c' || word === '-S' || word === '-E') {
      args.compileOnly = true
    } else if (word === '-MD' || word === '-MMD' || word.startsWith('-MF') || word === '-M' || word === '-MM') {
      args.ownDepfile = true
      if (word.startsWith('-MF')) args.depfile = valueOf('-MF')
    } else if (word.startsWith('-o')) {
      args.output = valueOf('-o')
    } else if (word === '-nostdinc') {
      args.noStdInc = true
    } else if (word === '-x' && argv[index + 1]) {
      args.argv.push(argv[++index])
      if (argv[index].startsWith('c++')) args.language = 'c++'
    } else if (index > 0 && !word.startsWith('-') && CXX_SOURCE.test(word)) {
      args.language = 'c++'
    }
  }
  return args
}

const SOURCE = /\.(c|i|cc|cp|cxx|cpp|c\+\+|C|ii|s|S|sx|m|mm)$/

export interface CommandReadsOptions {
  /** A variable that makes the driver append every compile's dependencies to one file (gcc's SUNPRO_DEPENDENCIES), for several sources in one command. */
  multiSourceEnv?: string
  /** The driver's linker writes no depfile (tcc links by itself): library reads are not listed. */
  noLinkListing?: boolean
  /** The driver's assembler is GNU as, which lists what `.incbin` and `.include` read (`--MD`): no preprocessor depfile does. */
  assemblerListing?: boolean
  /** The variable that fixes `__DATE__` and `__TIME__` for this compiler (gcc's SOURCE_DATE_EPOCH), if it honours one. */
  dateFrom?: string
}

/** The preprocessor's clock: a source that uses one compiles to something else at another moment. */
function clockWords(dateFrom?: string): Array<{word: string; pinnedBy?: string}> {
  const pinned = dateFrom ? {pinnedBy: dateFrom} : {}
  return [{word: '__DATE__', ...pinned}, {word: '__TIME__', ...pinned}, {word: '__TIMESTAMP__'}]
}

/**
 * Where a command that writes its own depfile writes it: `-MF`'s file, else (for `-c`) the object's
 * name with `.d` — `-o`'s, or each source's in the working directory. Undefined where the driver
 * names it otherwise (`-MD` while linking) or prints it: the key then covers only what is named.
 */
function ownDepfiles(args: DriverArgs, sources: string[], cwd: string): string[] | undefined {
  if (args.depfile) return args.depfile === '-' ? undefined : [resolve(cwd, args.depfile)]
  if (!args.compileOnly || !args.argv.some((word) => word === '-MD' || word === '-MMD')) return undefined
  if (args.output) return [resolve(cwd, `${withoutExtension(args.output)}.d`)]
  return sources.filter((source) => source !== '-').map((source) => resolve(cwd, `${withoutExtension(source.slice(source.lastIndexOf('/') + 1))}.d`))
}

/** A compiler plugin's `inspect` for a GNU-style driver: what `command` (run in `cwd`) reads, and how to make it list what it read. */
export function gnuCommandReads(command: string[], cwd: string, identity: CompilerIdentity, scratch: string, options: CommandReadsOptions = {}): CommandReads {
  const args = readDriverArgs(command, cwd)
  const defaults = args.noStdInc ? [] : identity.includeDirs?.[args.language] ?? []
  const search = {
    quote: [...args.quote, ...args.include, ...args.system, ...defaults, ...args.after],
    angle: [...args.include, ...args.system, ...defaults, ...args.after],
    libraries: args.compileOnly ? [] : [...args.libraryDirs, ...(identity.libraryDirs ?? [])],
  }
  const fuseLd = args.argv.find((word) => word.startsWith('-fuse-ld='))?.slice('-fuse-ld='.length)
  const programs = fuseLd && !args.compileOnly ? [fuseLd.includes('/') ? fuseLd : `ld.${fuseLd}`] : []
  const base = {named: [...args.responseFiles, ...flagNamedFiles(args, cwd, identity)], search, volatile: clockWords(options.dateFrom), ...(programs.length > 0 ? {programs} : {})}
  const sources = args.argv.slice(1).filter((word, index, all) => word === '-' || (SOURCE.test(word) && !/^-(o|MF|MT|MQ|include|imacros)$/.test(all[index - 1] ?? '')))
  const compileDeps = join(scratch, 'compile.d')
  const linkDeps = join(scratch, 'link.d')
  // The command as written (response files stay files) with the listing flags after it.
  const argv = [...command]
  const depfiles: string[] = []
  let env: Record<string, string> | undefined
  if (args.ownDepfile) {
    // The command's own depfile is left where it writes it, and read from there.
    const own = ownDepfiles(args, sources, cwd)
    if (!own) return base
    depfiles.push(...own)
  } else if (sources.length === 1) {
    argv.push('-MD', '-MF', compileDeps)
    depfiles.push(compileDeps)
  } else if (sources.length > 1) {
    if (!options.multiSourceEnv) return base
    env = {[options.multiSourceEnv]: `${compileDeps} tck`}
    depfiles.push(compileDeps)
  }
  const assembles = !args.argv.includes('-E') && !args.argv.includes('-S')
  if (options.assemblerListing && sources.length === 1 && assembles) {
    const asDeps = join(scratch, 'as.d')
    argv.push(`-Wa,--MD,${asDeps}`)
    depfiles.push(asDeps)
  }
  if (!args.compileOnly && !options.noLinkListing) {
    argv.push(`-Wl,--dependency-file=${linkDeps}`)
    depfiles.push(linkDeps)
  }
  return {...base, listing: {argv, ...(env ? {env} : {}), depfiles}}
}

/** `#include <...>` directories as a driver's `-E -v` lists them, in search order. */
export function includeSearchOf(output: string): string[] {
  const list = /#include <\.\.\.> search starts here:\n([\s\S]*?)\nEnd of search list\./.exec(output)?.[1] ?? ''
  return list.split('\n').map((line) => line.trim().replace(/ \(framework directory\)$/, '')).filter(Boolean).map((dir) => resolve(dir))
}

/** One `name: =a:b:c` line of a driver's `-print-search-dirs`, as absolute, normalised directories. */
export function searchDirsOf(output: string, name: string): string[] {
  const line = new RegExp(`^${name}: =?(.*)$`, 'm').exec(output)?.[1] ?? ''
  return [...new Set(line.split(':').filter(Boolean).map((dir) => resolve(dir)))]
}

/** Runs a compiler with identifying arguments, in the C locale: all it printed, or undefined when it cannot run. */
export async function probe(program: string, args: string[]): Promise<string | undefined> {
  const {code, stdout, stderr} = await run(program, args, {timeoutMs: 10_000, env: {...process.env, LC_ALL: 'C'}})
  return code < 0 ? undefined : `${stdout}\n${stderr}`
}
