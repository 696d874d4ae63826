/**
 * Build commands out of the books' `<screen><userinput>` blocks, and the one adaptation tck makes
 * to them. The books install straight into `/` (LFS inside its chroot, BLFS as root on the built
 * system); a tck package installs into `$DESTDIR`, which `make install`, `ninja install` and
 * `cmake --install` honour from the environment. Install commands that name system paths
 * themselves (`rm -fv /usr/lib/libz.a`, `install -m644 x /usr/share/doc/y`) get `$DESTDIR` put in
 * front of those paths — except a symbolic link's target, a `VAR=/path` assignment (`prefix=/usr`
 * says where files will live, not where they are staged) and text in single quotes.
 */
import type {Element} from 'domhandler'
import {elements, text} from './docbook.js'

export interface Command {
  text: string
  /** LFS's `remap` (pre, configure, make, test, install) or BLFS's screen role (root). */
  remap?: string
  root: boolean
}

export function commandsOf(sections: Element[]): Command[] {
  const found: Command[] = []
  for (const section of sections) {
    for (const screen of elements(section, 'screen')) {
      if (screen.attribs.role === 'nodump') continue
      for (const input of elements(screen, 'userinput')) {
        const body = text(input).replace(/\r/g, '').trim()
        if (body) found.push({text: body, remap: input.attribs.remap, root: screen.attribs.role === 'root'})
      }
    }
  }
  return found
}

const systemPath = /(^|[\s>(`"])(\/(?:usr|etc|bin|sbin|lib|lib64|var|opt|srv|boot)(?=[/\s;)`"]|$))/g

function stageWords(segment: string): string {
  // `ln -s TARGET LINK`: the target is where the link points once installed; keep it.
  const link = /^(\s*ln\s+(?:-[\w-]+\s+)*)(\S+)(\s+.*)$/s.exec(segment)
  if (link && /\bln\s+-\w*s/.test(segment)) return link[1] + link[2] + stageWords(link[3])
  return segment.replace(systemPath, (_, before: string, path: string) => `${before}$DESTDIR${path}`)
}

/** One command with `$DESTDIR` before the system paths it writes (see the module comment); here-documents are data, kept. */
export function staged(command: string): string {
  let heredoc: string | undefined
  return command
    .split('\n')
    .map((line) => {
      if (heredoc !== undefined) {
        if (line.trim() === heredoc) heredoc = undefined
        return line
      }
      heredoc = /<<-?\s*["']?(\w+)["']?/.exec(line)?.[1]
      return line
        .split(/('[^']*')/)
        .map((part, index) => (index % 2 === 1 ? part : part.split(/(?<=[;&|])/).map(stageWords).join('')))
        .join('')
    })
    .join('\n')
}
