/**
 * What an action result read from any level must look like before tck trusts it. A level that
 * holds something else (an old format, a lie, a truncated write with a valid checksum) gives a
 * miss for that key, never a failed task or a level turned off.
 */
import {isAbsolute, normalize, sep} from 'node:path'
import {z} from 'zod'
import type {ActionResult} from '../contracts/cache.js'

export const HEX64 = /^[0-9a-f]{64}$/
/** S_IFLNK | 0777: the output is a symlink whose target text is the blob. */
export const SYMLINK_MODE = 0o120777

const digest = z.string().regex(HEX64, 'a digest is 64 lowercase hex characters')
const relativePath = z.string().refine((path) => {
  const clean = normalize(path)
  return path !== '' && !path.includes('\0') && !isAbsolute(clean) && clean !== '.' && clean !== '..' && !clean.startsWith(`..${sep}`)
}, 'an output path is relative and stays inside the project')

export const actionResultSchema = z.object({
  outputs: z.array(
    z.object({
      path: relativePath,
      digest,
      size: z.number().int().nonnegative(),
      mode: z.number().int().refine((mode) => (mode >= 0 && mode <= 0o777) || mode === SYMLINK_MODE, 'a mode is permission bits, or a symlink'),
    }),
  ),
  exitCode: z.number().int(),
  stdoutDigest: digest.optional(),
  stderrDigest: digest.optional(),
  createdAt: z.string(),
  durationMs: z.number().nonnegative(),
})

/** The entry when valid, else what is wrong with it (the first problem, with where). */
export function checkActionResult(value: unknown): {result: ActionResult} | {problem: string} {
  const parsed = actionResultSchema.safeParse(value)
  if (parsed.success) return {result: parsed.data}
  const [issue] = parsed.error.issues
  return {problem: `${issue.path.join('.') || 'entry'}: ${issue.message}`}
}
