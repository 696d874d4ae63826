/** Output of an action: what the cache stores under its key. */
export interface ActionResult {
  /**
   * Files relative to the project root; a declared output directory is stored file by file. An
   * output that is a symlink has mode 0o120777 and its blob is the link's target text.
   */
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
  /** Action lookups that found a result (persisted across processes). */
  hits: number
  misses: number
  /** Blobs or results found damaged on read, removed and counted as misses. */
  corrupt?: number
  /** Where the level lives, for `tck cache stats`. */
  location?: string
  /** Writes in progress or left by writers that died, which `tck cache gc` removes once stale. */
  temp?: {entries: number; bytes: number; stale: number}
}

/**
 * One level of the store (a directory, a remote HTTP cache, ...), opened from configuration.
 * A level verifies what it reads: a blob whose SHA-256 is not its name is never returned (it is
 * reported and treated as absent). A level that cannot be reached throws; the store then stops
 * asking it for the rest of the build.
 */
export interface CacheLevel {
  readonly name: string
  readonly readOnly: boolean
  hasBlob(digest: string): Promise<boolean>
  /** `size`, when the caller knows it, is the most a level may read: a longer answer is a miss. */
  getBlob(digest: string, size?: number): Promise<Buffer | undefined>
  putBlob(digest: string, data: Buffer): Promise<void>
  /** Streamed put of a file whose digest the caller computed; without it the store reads the file whole. */
  putBlobFile?(digest: string, file: string): Promise<void>
  /** Streamed get into `destination` (written atomically, verified); false when absent. */
  getBlobToFile?(digest: string, destination: string, size?: number): Promise<boolean>
  /** Hardlinks the blob at `destination` when it is stored uncompressed with exactly `mode`; false otherwise. */
  linkBlob?(digest: string, destination: string, mode: number): Promise<boolean>
  getAction(key: string): Promise<ActionResult | undefined>
  putAction(key: string, result: ActionResult): Promise<void>
  /** Drops the action result under `key`, which the store found invalid. */
  removeAction?(key: string): Promise<void>
  stats?(): Promise<CacheStats>
  gc?(maxBytes: number): Promise<{removed: number; freedBytes: number; removedTemp?: number}>
  clear?(): Promise<void>
  close?(): Promise<void>
}

/** A cache provider opens levels of its kind from a config entry such as `{provider: 'fs', dir}`. */
export interface CacheProvider {
  name: string
  /** The options a level of this provider takes besides `provider` and `readOnly`; any other key is reported as a typo. */
  options?: readonly string[]
  open(options: Record<string, unknown>): Promise<CacheLevel>
}
