/**
 * From a script's text to what the compiler sees. The shebang and the params directive are
 * blanked, not removed (a comment after the directive stays), and a `#line 1 "<file>"` directive
 * goes on top, so every diagnostic names the user's file and the line they wrote — never a temp file.
 */
import {api} from './api.js'

export const PARAMS_NAMES = ['TCK_PARAMS', 'CRISPY_PARAMS'] as const

export interface ParsedScript {
  /** The text to compile. */
  body: string
  params?: {name: string; raw: string; line: number}
}

/** A params line starts like this; what follows must be string literals, then at most a comment. */
const paramsStart = /^\s*#\s*define\s+(TCK_PARAMS|CRISPY_PARAMS)(?=[\s/"]|$)/
const literal = /^"((?:[^"\\]|\\.)*)"/

/** A C string literal's escapes, as far as a params line needs them. */
function unescapeC(text: string): string {
  return text.replace(/\\(.)/g, (_, character: string) => ({n: '\n', t: '\t'})[character] ?? character)
}

/**
 * The value of a params line after its name: adjacent string literals joined (as C joins them),
 * comments around them allowed. `end` is where the last literal ends: the rest of the line (a
 * comment, maybe one that goes on to the next lines) stays for the compiler. Undefined when the
 * line holds anything else.
 */
function readValue(line: string, from: number): {value: string; end: number} | undefined {
  let value: string | undefined
  let end = from
  let index = from
  for (;;) {
    index += /^\s*/.exec(line.slice(index))![0].length
    const found = literal.exec(line.slice(index))
    if (found) {
      value = (value ?? '') + unescapeC(found[1])
      end = index += found[0].length
    } else if (line.startsWith('/*', index) && line.includes('*/', index + 2)) {
      index = line.indexOf('*/', index + 2) + 2
    } else if (index >= line.length || line.startsWith('//', index) || line.startsWith('/*', index)) {
      return value === undefined ? undefined : {value, end}
    } else {
      return undefined
    }
  }
}

export function lineDirective(file: string, line = 1): string {
  return `#line ${line} "${file.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

export function parseScript(file: string, text: string): ParsedScript {
  const lines = text.split('\n')
  if (lines[0]?.startsWith('#!')) lines[0] = ''
  let params: ParsedScript['params']
  for (const [index, line] of lines.entries()) {
    const start = paramsStart.exec(line)
    if (!start) continue
    const read = readValue(line, start[0].length)
    if (!read) {
      throw new (api().TckError)('SCRIPT_INVALID', `${file}:${index + 1}: ${start[1]} must be a string literal, as in #define ${start[1]} "-lm"`, {
        hint: 'Quote the flags; a comment may follow them. Adjacent literals are joined, as C joins them.',
      })
    }
    params = {name: start[1], raw: read.value, line: index + 1}
    lines[index] = line.slice(read.end)
    break
  }
  return {body: `${lineDirective(file)}\n${lines.join('\n')}`, params}
}

const USUAL_HEADERS = ['stdio.h', 'stdlib.h', 'string.h', 'stdint.h', 'stdbool.h', 'inttypes.h', 'unistd.h', 'errno.h', 'math.h', 'ctype.h']

/**
 * `-i 'printf("hi\n");'`: the code becomes the body of `main`, with the usual headers and any `-I`
 * ones; one `-I` may name several, separated by semicolons, as Crispy's does (`-I 'math.h;glib.h'`).
 */
export function wrapInline(code: string, headers: string[]): string {
  const named = headers.flatMap((list) => list.split(';')).map((header) => header.trim()).filter(Boolean)
  const includes = [...USUAL_HEADERS, ...named].map((header) => (/^[<"]/.test(header) ? `#include ${header}` : `#include <${header}>`))
  return [...includes, 'int main(int argc, char **argv) {', '(void)argc; (void)argv;', lineDirective('<inline>'), code, 'return 0;', '}', ''].join('\n')
}
