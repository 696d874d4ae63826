/** Who a compiler is: part of every cache key of what it builds. */
export interface CompilerIdentity {
  name: string
  /** The program as it was found (not symlink-resolved), so a launcher can find it again the same way. */
  path: string
  version: string
  /** The version as the compiler states it in full (`gcc version 12.2.0 (Debian 12.2.0-14+deb12u1)`): a distribution's new revision is another compiler. */
  fullVersion?: string
  target: string
  /**
   * Files that are the compiler beyond `path` — the compiler proper, assembler, linker and their
   * plugins (gcc's cc1, collect2, as, ld; the clang a wrapper runs): each is keyed by its content,
   * so a change to any of them is another compiler, even behind an unchanged wrapper. A bare name
   * (`as`) is a program the driver finds on PATH, and is looked up on the task's PATH.
   */
  files?: string[]
  /** Where the compiler looks for `#include <...>` by default, in order, by language (`c`, `c++`). */
  includeDirs?: Record<string, string[]>
  /** Where the linker looks for `-l` libraries by default, in order. */
  libraryDirs?: string[]
}

/**
 * What a command line of a compiler reads beyond the files it names, so the task's key covers
 * every header and library it used and every place it looked for one.
 */
export interface CommandReads {
  /** Files the command reads that are not in the task's inputs: response files (`@opts.rsp`). */
  named: string[]
  /**
   * The command with what makes the compiler list the files it read, as make rules, in `depfiles`
   * (and any variables to set for that). Undefined when the command cannot be made to list them
   * (it writes its own depfile); then the key covers only what the command names.
   */
  listing?: {
    argv: string[]
    env?: Record<string, string>
    depfiles: string[]
    /** The files a depfile lists, for a compiler whose listing is not make rules (absolute or relative to the working directory). */
    parse?: (text: string) => string[]
  }
  /**
   * Identifiers that, found as whole words in a file the command read, make its result depend on
   * when it ran (`__TIME__`): then the result is not stored, and each build runs the command
   * again — unless the task's environment has the variable that pins them (`SOURCE_DATE_EPOCH`),
   * which is in the key.
   */
  volatile?: Array<{word: string; pinnedBy?: string}>
  /** Programs the command runs besides its driver, by name or path (a linker chosen by `-fuse-ld=`): keyed like the driver. */
  programs?: string[]
  /**
   * Directories searched, in order, for what the command read: `#include "..."` (the includer's
   * own directory comes first), `#include <...>`, and `-l` libraries. A file found in one of them
   * would have been shadowed by the same name in an earlier one, so those must stay absent.
   */
  search: {quote: string[]; angle: string[]; libraries: string[]}
}

export interface CompileRequest {
  sources: string[]
  output: string
  kind: 'executable' | 'shared'
  flags: string[]
  /** Libraries and linker flags; placed after the sources so `--as-needed` keeps them. */
  libs: string[]
  /** Debug information, no optimisation: placed after `flags`, so it wins. */
  debug?: boolean
}

/** A compiler plugin detects itself and says how to compile; the engine runs the command. */
export interface Compiler {
  name: string
  /** The program looked up on PATH when this compiler is asked for by name; its `name` when absent. */
  program?: string
  /**
   * The program names this compiler answers to (`gcc`, `cc`, ...). A program a task runs is offered
   * to `detect` only when its name, or its real file's name, is one of these — also with a target
   * prefix or a version suffix (`aarch64-linux-gnu-gcc`, `gcc-12`) — so a task key never runs an
   * arbitrary program. Without it, no task's program is ever offered to this compiler.
   */
  programs?: string[]
  /**
   * The C++ driver that goes with a C driver of this compiler (`gcc-12` -> `g++-12`); undefined for
   * a name that is not a C driver (`g++` itself). Absent: every name it answers to is a C driver.
   */
  cxxOf?(program: string): string | undefined
  /**
   * The compiler reads the source from stdin (the host passes `-` as the only source). For tcc,
   * which prefixes a `#line` file name with the source file's directory.
   */
  sourceFromStdin?: boolean
  /**
   * Asks `program` (a path; the compiler's default program when absent) who it is. Undefined when
   * it is not installed or is not one of this plugin's compilers, so the host can ask the next plugin.
   */
  detect(program?: string): Promise<CompilerIdentity | undefined>
  command(identity: CompilerIdentity, request: CompileRequest): string[]
  /**
   * What running `argv` (a command of this compiler, in `cwd`) reads: the engine keys a task by it
   * and asks the compiler to list what it read (`listing`, with depfiles in `scratch`). Must not run
   * anything: it is asked on every build, cached ones included. Undefined: not a command it understands.
   */
  inspect?(identity: CompilerIdentity, argv: string[], cwd: string, scratch: string): CommandReads | undefined
}
