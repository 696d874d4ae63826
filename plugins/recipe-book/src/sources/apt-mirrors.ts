/**
 * The Debian mirrors of the user's apt configuration that carry sources (`deb-src`, one-line or
 * deb822), read at run time: a pool file apt names on one of them (a security update's orig
 * tarball, say, which the security archive may not keep) is tried on the others too.
 */
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

export function debSrcMirrors(root = process.env.TCK_APT_ETC ?? '/etc/apt'): string[] {
  const files = [join(root, 'sources.list')]
  try {
    files.push(...readdirSync(join(root, 'sources.list.d')).sort().map((name) => join(root, 'sources.list.d', name)))
  } catch {}
  const uris: string[] = []
  for (const file of files) {
    const text = read(file)
    if (file.endsWith('.list')) {
      for (const line of text.split('\n')) {
        const match = /^\s*deb-src\s+(?:\[[^\]]*\]\s+)?(\S+)/.exec(line)
        if (match) uris.push(match[1])
      }
    } else if (file.endsWith('.sources')) {
      for (const stanza of text.split(/\n\s*\n/)) {
        if (!/^Types:.*\bdeb-src\b/im.test(stanza) || /^Enabled:\s*no/im.test(stanza)) continue
        uris.push(...(/^URIs:\s*(.+)$/im.exec(stanza)?.[1].split(/\s+/) ?? []))
      }
    }
  }
  return [...new Set(uris.map((uri) => uri.replace(/\/$/, '')))]
}

/** `url` and the same pool file on every deb-src mirror, in the main and the updates pool. */
export function poolAlternatives(url: string, mirrors = debSrcMirrors()): string[] {
  const pool = /\/pool\/(?:updates\/)?(.+)$/.exec(url)?.[1]
  if (!pool) return [url]
  return [...new Set([url, ...mirrors.flatMap((mirror) => [`${mirror}/pool/${pool}`, `${mirror}/pool/updates/${pool}`])])]
}
