/** Where a script comes from: a file, inline code (`-i`), or stdin (`-`). */
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
    return {file: '<stdin>', text: Buffer.concat(chunks).toString('utf8')}
  }
  const file = resolve(cwd, input.file)
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new (api().TckError)(error.code === 'ENOENT' ? 'USAGE' : 'IO', `cannot read script ${input.file}: ${error.message}`, {
      hint: error.code === 'ENOENT' ? 'Check the path, or use `-` to read the script from stdin.' : undefined,
    })
  })
  return {file, text}
}

/** The program's name in the cache: `hello` for hello.c, `inline` and `stdin` otherwise. */
export const programName = (file: string) => (file.startsWith('<') ? file.slice(1, -1) : basename(file).replace(/\.[ch]$/, '')) || 'script'
