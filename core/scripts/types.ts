/**
 * One `tck run` as plugins see it: `build.options.script` in every hook of the run. The nine
 * phases of a script are the engine's own hooks (see core/pipeline.ts):
 *   source loaded    recipeLoaded                  (edit `source.text`)
 *   params expanded  recipeExpanded                (edit `script.flags` / `script.libs`)
 *   hash computed    computeKey     of the compile task (add key parts)
 *   cache checked    cacheChecked   of the compile task (turn a hit into a miss)
 *   pre-compile      beforeExecute  of the compile task (edit argv, or `abort`)
 *   post-compile     afterExecute   of the compile task (result, diagnostics, timings)
 *   module loaded    outputsMaterialized of the compile task (`script.binary` is in place)
 *   pre-execute      beforeExecute  of the execute task (edit argv, or `abort`)
 *   post-execute     afterExecute   of the execute task (exit code, signal, timings)
 * Task kinds are `script:compile` and `script:execute`.
 */
import type {CompilerIdentity} from '../contracts/compiler.js'

export const SCRIPT_PARSER = 'c-script'
export const COMPILE_KIND = 'script:compile'
export const EXECUTE_KIND = 'script:execute'

export interface ScriptRun {
  /** The script's absolute path, or `<inline>` / `<stdin>`. */
  file: string
  /** Arguments for the program. */
  args: string[]
  /** Compiler flags in the order they combine: config, then the script's params, then plugins; config overrides come last. */
  flags: string[]
  /** Libraries and linker flags, placed after the source. */
  libs: string[]
  /** The raw `TCK_PARAMS` / `CRISPY_PARAMS` string and the line it was on, when the script has one. */
  params?: {name: string; raw: string; line: number}
  compiler: CompilerIdentity
  /** Debug build run under gdb (`--gdb`). */
  debug: boolean
  /** Where cached binaries live. */
  cacheDir: string
  /** The cached program, once the compile task's outputs are in place. */
  binary?: string
}
