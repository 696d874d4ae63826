/** Where a toolchain's programs are and how to call its compilers, relative to its root. */
export interface ToolchainLayout {
  /** Directory of the programs, relative to the toolchain root. */
  bin: string
  /** Each compiler as a program in `bin` and its leading arguments: `['clang']`, `['zig', 'cc']`. */
  compilers: {c?: string[]; cxx?: string[]}
  /** Flags every compile needs; `${root}` stands for the toolchain root. */
  flags?: {c?: string[]; cxx?: string[]}
  /** How to ask the version (program in `bin` and arguments); default: the C compiler with `--version`. */
  versionCommand?: string[]
  /** The flag that selects a target: `-target` (zig) or `--target=` (clang; a trailing `=` joins). */
  targetFlag?: string
  /** Target triple the compilers produce by default; absent means the host. */
  target?: string
  /** Headers and libraries of the target, relative to the root. */
  sysroot?: string
}

/** A toolchain one source can provide: `llvm 18.1.8` for `linux-x64-glibc`, say. */
export interface ToolchainCandidate {
  source: string
  name: string
  version: string
  platform: string
  layout: ToolchainLayout
  description?: string
  /** Source-specific: URLs and digests, a package spec, .deb names. */
  details: Record<string, unknown>
}

/** A toolchain source resolves a request to candidates and fetches one into a directory. */
export interface ToolchainSource {
  name: string
  /**
   * Candidates for `name` whose version matches `versionRange` (`latest`, `18`, `18.1`, `18.1.8`).
   * `explicit` is set when the user named this source (`debian:foo`): a source may then accept
   * names it would not claim when every source is asked.
   */
  resolve(name: string, versionRange: string, platform: string, options?: {explicit?: boolean}): Promise<ToolchainCandidate[]>
  /** Fills `destination` (an empty private directory); the host verifies it and moves it into place. */
  fetch(candidate: ToolchainCandidate, destination: string, signal?: AbortSignal): Promise<void>
  /** Everything the source offers whose name contains `query` (for `tck toolchain search`). */
  search?(query: string, platform: string): Promise<ToolchainCandidate[]>
}
