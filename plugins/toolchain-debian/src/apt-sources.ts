/** The user's apt sources: one-line `.list` files and deb822 `.sources` files, `deb` entries only. */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

export interface AptSource {
  uri: string
  suite: string
  components: string[]
  /** Keyring the archive is signed with (Signed-By), when the entry names one. */
  signedBy?: string
  architectures?: string[]
  file: string
}

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

function oneLine(text: string, file: string): AptSource[] {
  const sources: AptSource[] = []
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*/, '').trim()
    const match = /^deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)\s*(.*)$/.exec(line)
    if (!match) continue
    const options = Object.fromEntries((match[1] ?? '').split(/\s+/).filter(Boolean).map((option) => option.split('=') as [string, string]))
    sources.push({
      uri: match[2].replace(/\/$/, ''),
      suite: match[3],
      components: match[4].split(/\s+/).filter(Boolean),
      signedBy: options['signed-by'],
      architectures: options.arch?.split(','),
      file,
    })
  }
  return sources
}

function deb822(text: string, file: string): AptSource[] {
  const sources: AptSource[] = []
  for (const stanza of text.split(/\n\s*\n/)) {
    const fields: Record<string, string> = {}
    let last = ''
    for (const line of stanza.split('\n')) {
      if (line.startsWith('#')) continue
      const match = /^([\w-]+):\s*(.*)$/.exec(line)
      if (match) fields[(last = match[1].toLowerCase())] = match[2]
      else if (/^\s/.test(line) && last) fields[last] += `\n${line.trim()}`
    }
    if (!(fields.types ?? '').split(/\s+/).includes('deb') || fields.enabled === 'no') continue
    const signedBy = fields['signed-by']?.trim()
    for (const uri of (fields.uris ?? '').split(/\s+/).filter(Boolean)) {
      for (const suite of (fields.suites ?? '').split(/\s+/).filter(Boolean)) {
        sources.push({
          uri: uri.replace(/\/$/, ''),
          suite,
          components: (fields.components ?? '').split(/\s+/).filter(Boolean),
          // An inline key block is not a path; such entries fall back to the trusted keyrings.
          signedBy: signedBy && !signedBy.includes('\n') ? signedBy : undefined,
          architectures: fields.architectures?.split(/\s+/),
          file,
        })
      }
    }
  }
  return sources
}

export function aptSources(root = process.env.TCK_APT_ETC ?? '/etc/apt'): AptSource[] {
  const sources = oneLine(read(join(root, 'sources.list')), join(root, 'sources.list'))
  let names: string[] = []
  try {
    names = readdirSync(join(root, 'sources.list.d')).sort()
  } catch {}
  for (const name of names) {
    const file = join(root, 'sources.list.d', name)
    if (name.endsWith('.list')) sources.push(...oneLine(read(file), file))
    else if (name.endsWith('.sources')) sources.push(...deb822(read(file), file))
  }
  return sources
}
