/** Output of an action: what the cache stores under its key. */
export interface ActionResult {
  outputs: Array<{path: string; digest: string; size: number; mode: number}>
  exitCode: number
  stdoutDigest?: string
  stderrDigest?: string
  /** When it was produced and how long it took, for reports and scheduling estimates. */
  createdAt: string
  durationMs: number
}

export interface CacheStats {
  entries: number
  bytes: number
  hits: number
  misses: number
}

/** One level of the store (a directory, a remote HTTP cache, ...), opened from configuration. */
export interface CacheLevel {
  readonly name: string
  readonly readOnly: boolean
  hasBlob(digest: string): Promise<boolean>
  getBlob(digest: string): Promise<Buffer | undefined>
  putBlob(digest: string, data: Buffer): Promise<void>
  getAction(key: string): Promise<ActionResult | undefined>
  putAction(key: string, result: ActionResult): Promise<void>
  stats?(): Promise<CacheStats>
  gc?(maxBytes: number): Promise<{removed: number; freedBytes: number}>
  clear?(): Promise<void>
  close?(): Promise<void>
}

/** A cache provider opens levels of its kind from a config entry such as `{provider: 'fs', dir}`. */
export interface CacheProvider {
  name: string
  open(options: Record<string, unknown>): Promise<CacheLevel>
}
