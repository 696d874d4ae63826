/**
 * A script's params string is expanded by the shell exactly as the launcher (bin/tck) re-expands
 * it to check a cached binary: `eval "set -- $params"; printf '%s\n' "$@"`, so quotes, `$VARS`
 * and `$(pkg-config ...)` mean what they mean in sh, and both sides get byte-identical words.
 */
import {execFile} from 'node:child_process'
import {api} from './api.js'

export const EXPAND_SNIPPET = 'eval "set -- $TCK_PARAMS_TEXT"; printf \'%s\\n\' "$@"'

/** Params that only quote words never change between runs; anything the shell expands may. */
export function isDynamic(raw: string): boolean {
  return /[$`~*?[]/.test(raw)
}

export interface ExpandedParams {
  words: string[]
  /** The expansion as the launcher will see it (command substitution drops trailing newlines). */
  text: string
}

export function expandParams(raw: string, where: {file: string; line: number; name: string}, cwd: string): Promise<ExpandedParams> {
  // The shell gets the text through its environment, where a NUL cannot be: say so, naming the line.
  if (raw.includes('\0')) {
    return Promise.reject(
      new (api().TckError)('SCRIPT_INVALID', `${where.file}:${where.line}: ${where.name} has a NUL byte`, {hint: 'Remove the NUL byte from the params line.'}),
    )
  }
  return new Promise((resolve, reject) => {
    execFile(
      '/bin/sh',
      ['-c', EXPAND_SNIPPET],
      {cwd, env: {...process.env, TCK_PARAMS_TEXT: raw}, encoding: 'utf8', timeout: 60_000, maxBuffer: 16 << 20},
      (error, stdout, stderr) => {
        // A failing `$(pkg-config ...)` does not fail `set --`; what it says on stderr is the error.
        if (error || stderr.trim()) {
          const reason = stderr.trim() || (error as Error).message
          reject(
            new (api().TckError)('SCRIPT_INVALID', `${where.file}:${where.line}: cannot expand ${where.name} "${raw}": ${reason}`, {
              hint: 'Fix the command or variable in the params line; run it in a shell to see what it prints.',
            }),
          )
          return
        }
        const text = stdout.replace(/\n+$/, '')
        resolve({words: text === '' ? [] : text.split('\n'), text})
      },
    )
  })
}

/** Libraries go after the source (Debian's gcc links `--as-needed`); everything else is a compile flag. */
export function splitFlags(words: string[]): {flags: string[]; libs: string[]} {
  const flags: string[] = []
  const libs: string[] = []
  for (const word of words) {
    const isLib = /^-l./.test(word) || /^-Wl,/.test(word) || /^-L./.test(word) || /\.(a|so(\.\d+)*)$/.test(word) || word === '-pthread'
    ;(isLib ? libs : flags).push(word)
    if (word === '-pthread') flags.push(word)
  }
  return {flags, libs}
}
