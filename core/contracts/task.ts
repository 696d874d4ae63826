/** The task model: what recipe parsers produce and what the engine schedules, caches and runs. */

export interface SourceLocation {
  file: string
  line?: number
}

/** A recipe file's text, before parsing; the `recipeLoaded` hook may edit `text`. */
export interface RecipeSource {
  file: string
  parser: string
  text: string
}

/** One recipe: a named unit of a recipe file (a C script, a BitBake recipe, a book section, a config). */
export interface Recipe {
  name: string
  parser: string
  location: SourceLocation
  /** Variables a parser or plugin may expand into the tasks (`recipeExpanded`). */
  vars: Record<string, string>
  tasks: TaskSpec[]
}

export type Command = {argv: string[]} | {script: string; shell?: string}

export interface Resources {
  /** CPU time in seconds, address space or memory in MiB, process count. */
  cpuSeconds?: number
  memoryMiB?: number
  pids?: number
  network?: boolean
}

export interface TaskSpec {
  /** Unique in the graph, e.g. `hello:compile` or `busybox:do_compile`. */
  id: string
  recipe: string
  /** What kind of task this is, for `tck query kind(...)` and for plugins to match on. */
  kind: string
  command: Command
  /** Working directory, relative to the project root (a parser may give an absolute one: a script runs where the user is). */
  cwd?: string
  deps: string[]
  /** Files and globs, relative to the project root. */
  inputs: string[]
  /** Declared outputs, relative to the project root; only these are stored and restored. */
  outputs: string[]
  /** Variables set for the task. */
  env: Record<string, string>
  /** Names of the caller's environment variables passed through (and so part of the key). */
  envPass: string[]
  /**
   * Programs the task runs, part of its key by what they resolve to and their content: names are
   * looked up on the task's PATH, paths are relative to its `cwd`. When absent: an argv command's
   * program; none for a shell script, whose programs tck cannot know.
   */
  tools?: string[]
  /**
   * The compiler plugin (by name) whose command this is, when its program is not named like one
   * (`tck run --compiler ./mycc`): that plugin is asked to identify and inspect it.
   */
  compiler?: string
  cacheable: boolean
  retries: number
  resources: Resources
  /** Executor by name; the configured default when absent. */
  executor?: string
  /** Free-form attributes for plugins and `tck query attr(...)`. */
  attrs: Record<string, string>
  location?: SourceLocation
}

/** What one execution is asked to do; `requestCreated` taps may change any of it (it is keyed). */
export interface ExecRequest {
  argv: string[]
  /** What the program sees as its `argv[0]`, when not `argv[0]` (a script's path as the user typed it). */
  argv0?: string
  cwd: string
  /** The project root `outputs` are relative to (`cwd` may be a subdirectory of it); `cwd` when absent. */
  root?: string
  env: Record<string, string>
  stdin?: 'inherit' | 'ignore' | Buffer
  /**
   * `capture`: output collected (and replayed on a hit); `inherit`: also streamed to the terminal;
   * `terminal`: the program gets the terminal itself (stdin, a tty, signals) and nothing is captured.
   */
  stdio: 'capture' | 'inherit' | 'terminal'
  /** Files and globs relative to the root, part of the key; a sandbox may make only these readable. */
  inputs: string[]
  outputs: string[]
  resources: Resources
  executor: string
}

export interface ExecResult {
  exitCode: number
  signal?: string
  stdout: Buffer
  stderr: Buffer
  durationMs: number
  /** The executor's own classification, for retries. */
  transient?: boolean
}

/**
 * One thing a task's action key covers. `kind` says what it is (`command`, `env`, `input`, `tool`,
 * `compiler`, `dep`, `plugin`, `read`, `absent`, ... or a plugin's own), `name` which one (a
 * file, a variable, a task), `value` its content (usually a digest). Encoded once, canonically.
 */
export interface KeyPart {
  kind: string
  name: string
  value: string
}

export interface CacheDecision {
  hit: boolean
  /** Why it missed or why a tap forced a rebuild. */
  reason?: string
}
