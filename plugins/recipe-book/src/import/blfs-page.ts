/** A BLFS package page's version, sources (downloads and required patches) and commands. */
import type {Element} from 'domhandler'
import {childElements, elements, text} from './docbook.js'
import {commandsOf, staged, type Command} from './commands.js'
import type {Found} from './blfs.js'
import type {ImportedPackage} from './write.js'

/** `GLib-2.84.1`, `Kea 2.6.2 DHCP Server`, `libcap-2.76 with PAM`. */
export const versionIn = (title: string) => /[-\s](\d[\w+~-]*(?:\.[\w+~-]+)*)(?=$|\s)/.exec(title)?.[1]

export function titleOf(element: Element): string {
  return text(childElements(element, 'title')[0] ?? []).replace(/\s+/g, ' ').trim()
}

export function sourcesOf(info: Element | undefined): NonNullable<ImportedPackage['header']['sources']> {
  const sources: NonNullable<ImportedPackage['header']['sources']> = []
  if (!info) return sources
  let optional = false
  for (const node of elements(info, ['listitem', 'emphasis'])) {
    const said = text(node).replace(/\s+/g, ' ').trim()
    if (node.name === 'emphasis') {
      // "Patch for Log Level Selection (Optional)" heads the downloads that follow it.
      if (node.attribs.role === 'strong') optional = /\(optional\)/i.test(said)
      continue
    }
    const url = elements(node, 'ulink')[0]?.attribs.url?.trim()
    const md5 = /MD5 sum:\s*([0-9a-f]{32})/i.exec(said)?.[1]
    if (md5 && sources.length > 0 && !sources.at(-1)!.md5) sources.at(-1)!.md5 = md5
    if (!url || optional || /^Optional/i.test(said) || /^Download \(FTP\)/.test(said)) continue
    if (/^(Download( \(HTTP\))?|Required patch|Recommended patch|Patch)/i.test(said) && /^(https?|ftp):\/\//.test(url)) sources.push({url})
  }
  return sources
}

const isCheck = (command: Command) => command.remap === 'test' || /^(make|ninja|meson)\s+(-k\s+)?(check|test)\b/.test(command.text)

/** A patch the book calls optional is not among the sources, so the line applying it is left commented out. */
function withoutOptionalPatches(command: string, files: Set<string>): string {
  return command
    .split('\n')
    .map((line) => {
      const patch = /\bpatch\b.*?-i\s+\S*?([^/\s]+\.patch)/.exec(line)?.[1]
      if (!patch || files.has(patch)) return line
      return `# tck: ${patch} is optional in the book and not among the sources; add it to apply it\n# ${line}`
    })
    .join('\n')
}

export function scriptOf(found: Found, sources: Array<{url?: string}>): {script: string; check?: string} {
  const files = new Set(sources.map((source) => source.url?.split('/').pop() ?? ''))
  const commands = commandsOf(found.install).filter((command) => command.remap !== 'doc')
  const checks = commands.filter(isCheck)
  const script = commands.filter((command) => !isCheck(command)).map((command) => withoutOptionalPatches(command.root ? staged(command.text) : command.text, files))
  return {script: script.join('\n\n'), check: checks.map((command) => command.text).join('\n') || undefined}
}
