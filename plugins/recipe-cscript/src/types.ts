/**
 * One `tck run` as plugins see it: `build.options.script` in every hook of the run. A script is a
 * recipe of two tasks — compile (cacheable) and execute (never cached, given the terminal) — and
 * its nine phases are the engine's own hooks (see core/pipeline.ts):
 *   source loaded    recipeLoaded                   (edit `source.text`)
 *   params expanded  recipeExpanded                 (edit `script.flags` / `script.libs`)
 *   hash computed    computeKey     of the compile task (add key parts)
 *   cache checked    cacheChecked   of the compile task (turn a hit into a miss)
 *   pre-compile      beforeExecute  of the compile task (look, or abort)
 *   post-compile     afterExecute   of the compile task (result, diagnostics, timings)
 *   module loaded    outputsMaterialized of the compile task (`script.binary` is in place)
 *   pre-execute      beforeExecute  of the execute task (look, or abort)
 *   post-execute     afterExecute   of the execute task (exit code, signal, timings)
 * A plugin that changes the compile command or the program's arguments taps `requestCreated`,
 * which is keyed. Task kinds are `script:compile` and `script:execute`; a tap can be limited to
 * one with `{filter: {kind: 'script:compile'}}`.
 */
import type {Compiler, CompilerIdentity} from 'tck'
import type {CrispyMode} from './crispy.js'

export const SCRIPT_PARSER = 'c-script'
export const COMPILE_KIND = 'script:compile'
export const EXECUTE_KIND = 'script:execute'

export interface ScriptRun {
  /** The script's absolute path, or `<inline>` / `<stdin>`. */
  file: string
  /** How the user named it: the program's argv[0]. */
  shownAs: string
  /** Arguments for the program. */
  args: string[]
  /** The user's working directory: the compiler and the program run there. */
  cwd: string
  /** Compiler flags in the order they combine: config, then the script's params, then plugins; config overrides come last. */
  flags: string[]
  /** Compile flags appended after the plugins' (config `run.overrideFlags`). */
  overrideFlags: string[]
  /** Libraries and linker flags, placed after the source. */
  libs: string[]
  /** The raw `TCK_PARAMS` / `CRISPY_PARAMS` string and the line it was on, when the script has one. */
  params?: {name: string; raw: string; line: number}
  /** Whether Crispy's scripts get GLib (config `run.crispy`), and why this one does, once parsed. */
  crispy: CrispyMode
  profile?: {name: 'crispy'; why: string}
  /** The params (the Crispy profile's first) as the shell expanded them, for the launch entry. */
  expansion?: {raw: string; expanded: string; dynamic: boolean}
  compiler: CompilerIdentity
  /** The compiler plugin that says how to compile with it. */
  provider: Compiler
  /** Compiled afresh (`-n`): the fresh binary replaces a cached one. */
  fresh: boolean
  /** Debug build run under gdb (`--gdb`). */
  debug: boolean
  /** Where cached binaries live. */
  cacheDir: string
  /** The program's name in the cache (`hello` for hello.c). */
  name: string
  /** The text the compiler sees (after plugin edits, with `#line`), once parsed. */
  body?: string
  /** The cached program, once the compile task's outputs are in place. */
  binary?: string
  /** The program is running (it has the terminal, and signals are its). */
  running?: boolean
  /** How the program ended. */
  result?: {exitCode: number; signal?: string}
}
