/**
 * From a script's text to what the compiler sees. The shebang and the params line are blanked,
 * not removed, and a `#line 1 "<file>"` directive goes on top, so every diagnostic names the
 * user's file and the line they wrote — never a temp file.
 */
export const PARAMS_NAMES = ['TCK_PARAMS', 'CRISPY_PARAMS'] as const

export interface ParsedScript {
  /** The text to compile. */
  body: string
  params?: {name: string; raw: string; line: number}
}

const paramsLine = /^\s*#\s*define\s+(TCK_PARAMS|CRISPY_PARAMS)\s+"((?:[^"\\]|\\.)*)"\s*(?:\/\/.*)?$/

/** A C string literal's escapes, as far as a params line needs them. */
function unescapeC(text: string): string {
  return text.replace(/\\(.)/g, (_, character: string) => ({n: '\n', t: '\t'})[character] ?? character)
}

export function lineDirective(file: string, line = 1): string {
  return `#line ${line} "${file.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
}

export function parseScript(file: string, text: string): ParsedScript {
  const lines = text.split('\n')
  if (lines[0]?.startsWith('#!')) lines[0] = ''
  let params: ParsedScript['params']
  for (const [index, line] of lines.entries()) {
    const match = paramsLine.exec(line)
    if (!match) continue
    params = {name: match[1], raw: unescapeC(match[2]), line: index + 1}
    lines[index] = ''
    break
  }
  return {body: `${lineDirective(file)}\n${lines.join('\n')}`, params}
}

const USUAL_HEADERS = ['stdio.h', 'stdlib.h', 'string.h', 'stdint.h', 'stdbool.h', 'inttypes.h', 'unistd.h', 'errno.h', 'math.h', 'ctype.h']

/** `-i 'printf("hi\n");'`: the code becomes the body of `main`, with the usual headers and any `-I` ones. */
export function wrapInline(code: string, headers: string[]): string {
  const includes = [...USUAL_HEADERS, ...headers].map((header) => (/^[<"]/.test(header) ? `#include ${header}` : `#include <${header}>`))
  return [...includes, 'int main(int argc, char **argv) {', '(void)argc; (void)argv;', lineDirective('<inline>'), code, 'return 0;', '}', ''].join('\n')
}
