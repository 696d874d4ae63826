/** Who a compiler is: part of every cache key of what it builds. */
export interface CompilerIdentity {
  name: string
  /** The program as it was found (not symlink-resolved), so a launcher can find it again the same way. */
  path: string
  version: string
  target: string
  /**
   * Files that are the compiler beyond `path` (gcc's cc1, the clang a wrapper runs): a change to
   * any of them means another compiler, even when `path` is an unchanged wrapper.
   */
  files?: string[]
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
  /** Write the files the source included here, as a make rule (`-MD -MF <depfile>`). */
  depfile?: string
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
}
