/** A toolchain one source can provide: `llvm 18.1.8` for `linux-x64-glibc`, say. */
export interface ToolchainCandidate {
  source: string
  name: string
  version: string
  platform: string
  /** Source-specific: URLs and digests, a package spec, .deb names. */
  details: Record<string, unknown>
}

/** A toolchain source resolves a request to candidates and fetches one into a directory. */
export interface ToolchainSource {
  name: string
  resolve(name: string, versionRange: string, platform: string): Promise<ToolchainCandidate[]>
  fetch(candidate: ToolchainCandidate, destination: string, signal?: AbortSignal): Promise<void>
}
