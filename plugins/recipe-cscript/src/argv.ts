/**
 * `tck run [flags] <script> [args...]`: everything after the script belongs to the script, even
 * words that look like tck's flags (`tck run count.c -n 5`), so the command line is split first.
 */
/** tck run's flags that take a value, in every spelling. */
const TAKES_VALUE = new Set(['--compiler', '--cache-dir', '--include', '-I', '--inline', '-i', '--config', '--cwd', '--preload', '-p'])

/** What bin/tck handles itself (in these spellings: `--name value`, `--name=value`, `-x value`). */
const LAUNCHER_FLAGS = new Set(['--compiler', '--cache-dir', '--inline', '-i', '--include', '-I'])

export interface SplitArgv {
  /** tck's own flags. */
  flags: string[]
  /** The script path, `-` for stdin, or undefined (inline code, `--clean`). */
  script?: string
  args: string[]
  /** The only flags given are ones the launcher handles itself (--compiler, --cache-dir, -i, -I). */
  launcherFlagsOnly: boolean
}

export function splitRunArgv(argv: string[]): SplitArgv {
  const flags: string[] = []
  let launcherFlagsOnly = true
  let inline = false
  for (let index = 0; index < argv.length; index++) {
    const word = argv[index]
    if (word === '--') {
      const rest = argv.slice(index + 1)
      return inline ? {flags, args: rest, launcherFlagsOnly} : {flags, script: rest[0], args: rest.slice(1), launcherFlagsOnly}
    }
    if (word === '-' || !word.startsWith('-')) {
      return inline ? {flags, args: argv.slice(index), launcherFlagsOnly} : {flags, script: word, args: argv.slice(index + 1), launcherFlagsOnly}
    }
    const name = word.includes('=') ? word.slice(0, word.indexOf('=')) : word
    if (!LAUNCHER_FLAGS.has(name)) launcherFlagsOnly = false
    if (name === '-i' || name === '--inline' || /^-i./.test(word)) inline = true
    flags.push(word)
    if (TAKES_VALUE.has(word) && index + 1 < argv.length) flags.push(argv[++index])
  }
  return {flags, args: [], launcherFlagsOnly}
}
