/**
 * Paths a sandboxed task cannot read though the host is visible read-only: keys, tokens and
 * cloud credentials. `plugins: {'exec-bwrap': {hide: [...]}}` replaces the list; `~/` is the
 * home of the user running tck. A directory is covered by an empty tmpfs, a file by /dev/null.
 */
import {homedir} from 'node:os'
import {isAbsolute, join} from 'node:path'

export const DEFAULT_HIDDEN = [
  '~/.ssh',
  '~/.gnupg',
  '~/.npmrc',
  '~/.netrc',
  '~/.git-credentials',
  '~/.aws',
  '~/.config/gcloud',
  '~/.azure',
  '~/.kube',
  '~/.docker/config.json',
  '~/.cargo/credentials.toml',
  '/etc/shadow',
  '/etc/gshadow',
  '/etc/ssh',
]

/** Absolute paths, `~/` expanded; undefined for an entry that is neither. */
export function expandHidden(entry: string, home = homedir()): string | undefined {
  if (entry === '~') return home
  if (entry.startsWith('~/')) return join(home, entry.slice(2))
  return isAbsolute(entry) ? entry : undefined
}
