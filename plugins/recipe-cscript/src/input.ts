/** Where a script comes from: a file, inline code (`-i`), or stdin (`-`). */
import {isUtf8} from 'node:buffer'
import {readFile} from 'node:fs/promises'
import {basename, resolve} from 'node:path'
import {api} from './api.js'
import {wrapInline} from './source.js'

export type ScriptInput = {file: string} | {inline: string} | {stdin: true}

export async function readInput(input: ScriptInput, cwd: string, includes: string[]): Promise<{file: string; text: string}> {
  if ('inline' in input) return {file: '<inline>', text: wrapInline(input.inline, includes)}
  if ('stdin' in input) {
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    return {file: '<stdin>', text: asSource('<stdin>', Buffer.concat(chunks))}
  }
  const file = resolve(cwd, input.file)
  const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new (api().TckError)(error.code === 'ENOENT' ? 'USAGE' : 'IO', `cannot read script ${input.file}: ${error.message}`, {
      hint: error.code === 'ENOENT' ? 'Check the path, or use `-` to read the script from stdin.' : undefined,
    })
  })
  return {file, text: asSource(file, bytes)}
}

/**
 * A program or other binary would make the compiler report every byte of it. Binary: NUL bytes in
 * what is not UTF-8 text (a Latin-1 source is C; a NUL in text is the compiler's to warn about, or
 * a params line's error naming its line).
 */
function asSource(file: string, bytes: Buffer): string {
  if (!bytes.includes(0) || isUtf8(bytes)) return bytes.toString('utf8')
  const what = bytes.subarray(0, 4).equals(Buffer.from('\x7fELF', 'latin1')) ? 'an ELF program or library' : 'a binary file'
  throw new (api().TckError)('SCRIPT_INVALID', `${file} is not C source: it is ${what} (it holds NUL bytes)`, {
    hint: 'tck run compiles and runs C source files; run a program directly.',
  })
}

/** The program's name in the cache: `hello` for hello.c, `inline` and `stdin` otherwise. */
export const programName = (file: string) => (file.startsWith('<') ? file.slice(1, -1) : basename(file).replace(/\.[ch]$/, '')) || 'script'
