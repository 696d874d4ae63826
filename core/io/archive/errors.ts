/**
 * Every failure of an extraction leaves as a TckError that names the archive and the entry:
 * a damaged archive is ARCHIVE_INVALID, a local problem (disk full, no permission) is IO.
 * A raw fs or zlib error reaching a plugin would be reported as that plugin's bug.
 */
import {TckError} from '../../errors.js'

/** errno codes that are the machine's fault, not the archive's. */
const LOCAL = new Set(['ENOSPC', 'EDQUOT', 'EACCES', 'EPERM', 'EROFS', 'EMFILE', 'ENFILE', 'ENOMEM', 'EIO'])

const reasons: Record<string, string> = {
  ENAMETOOLONG: 'a name in it is longer than the file system allows',
  ENOTDIR: 'it needs a directory where the archive put a file',
  EEXIST: 'it collides with another entry',
  ELOOP: 'it runs into a loop of symbolic links',
}

/** A name as it can be printed: NUL and control bytes an archive put in it are shown escaped. */
export function shown(name: string): string {
  return name.replace(/[\x00-\x1f\x7f]/g, (char) => (char === '\0' ? '\\0' : `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`))
}

export function damaged(label: string, entry: string | undefined, why: string, cause?: unknown): TckError {
  const where = entry === undefined ? 'before its first entry' : `at entry "${shown(entry)}"`
  return new TckError('ARCHIVE_INVALID', `archive ${label} is damaged ${where}: ${why}`, {
    cause,
    hint: 'The file is damaged or not what its source promises: download it again, or get it from another source.',
  })
}

export function asArchiveError(error: unknown, label: string, entry: string | undefined): TckError {
  if (error instanceof TckError && (error.code === 'ARCHIVE_INVALID' || error.code === 'ARCHIVE_UNSAFE' || error.code === 'IO')) return error
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  const message = error instanceof Error ? error.message : String(error)
  if (code && LOCAL.has(code)) {
    return new TckError('IO', `extracting archive ${label} failed at entry "${shown(entry ?? '?')}": ${message}`, {
      cause: error,
      hint: 'Check free space and permissions of the destination.',
    })
  }
  return damaged(label, entry, code && reasons[code] ? `${reasons[code]} (${code})` : message, error)
}
