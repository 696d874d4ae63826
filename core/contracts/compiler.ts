/** Who a compiler is: part of every cache key of what it builds. */
export interface CompilerIdentity {
  name: string
  path: string
  version: string
  target: string
}

export interface CompileRequest {
  sources: string[]
  output: string
  kind: 'executable' | 'shared'
  flags: string[]
  /** Libraries and linker flags; placed after the sources so `--as-needed` keeps them. */
  libs: string[]
  debug?: boolean
}

/** A compiler plugin detects itself and says how to compile; the engine runs the command. */
export interface Compiler {
  name: string
  detect(): Promise<CompilerIdentity | undefined>
  command(identity: CompilerIdentity, request: CompileRequest): string[]
}
