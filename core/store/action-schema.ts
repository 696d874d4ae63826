/**
 * What an action result read from any level must look like before tck trusts it. A level that
 * holds something else (an old format, a lie, a truncated write with a valid checksum) gives a
 * miss for that key, never a failed task or a level turned off.
 *
 * zod's v4 API (shipped inside the zod 3.25 package) and regexes instead of refinements: a fully
 * cached rebuild of 10,000 tasks parses 10,000 entries, and the v3 API with a normalize() refine
 * cost about 2.5x as much CPU (measured: 10,000 parses, first round, 500-1300 ms vs 250 ms).
 */
import {z} from 'zod/v4'
import type {ActionResult} from '../contracts/cache.js'

export const HEX64 = /^[0-9a-f]{64}$/
/** S_IFLNK | 0777: the output is a symlink whose target text is the blob. */
export const SYMLINK_MODE = 0o120777

/** Relative, no NUL, no `..` component: what collectOutputs writes (relative() of a path inside the root). */
const RELATIVE_INSIDE = /^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$))[^\0]+$/

const digest = z.string().regex(HEX64, 'a digest is 64 lowercase hex characters')

export const actionResultSchema = z.object({
  outputs: z.array(
    z.object({
      path: z.string().regex(RELATIVE_INSIDE, 'an output path is relative and stays inside the project'),
      digest,
      size: z.number().int().nonnegative(),
      mode: z.union([z.number().int().min(0).max(0o777), z.literal(SYMLINK_MODE)], 'a mode is permission bits, or a symlink'),
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
