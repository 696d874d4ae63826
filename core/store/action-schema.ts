/**
 * What an action result read from any level must look like before tck trusts it. A level that
 * holds something else (an old format, a lie, a truncated write with a valid checksum) gives a
 * miss for that key, never a failed task or a level turned off.
 *
 * zod's v4 API (shipped inside the zod 3.25 package) and regexes instead of refinements: a fully
 * cached rebuild of 10,000 tasks parses 10,000 entries, and the v3 API with a normalize() refine
 * cost about 2.5x as much CPU (measured: 10,000 parses, first round, 500-1300 ms vs 250 ms).
 * Named imports, not the `z` namespace: the namespace keeps all of zod v4 and its 40 locales in
 * the fast-start bundle (1.24 MB → 0.91 MB; 13-15 ms less to load it).
 */
import {array, literal, number, object, string, union} from 'zod/v4'
import type {ActionResult} from '../contracts/cache.js'

export const HEX64 = /^[0-9a-f]{64}$/
/** S_IFLNK | 0777: the output is a symlink whose target text is the blob. */
export const SYMLINK_MODE = 0o120777

/** Relative, no NUL, no `..` component: what collectOutputs writes (relative() of a path inside the root). */
const RELATIVE_INSIDE = /^(?!\/)(?!(?:.*\/)?\.\.(?:\/|$))[^\0]+$/

const digest = string().regex(HEX64, 'a digest is 64 lowercase hex characters')

export const actionResultSchema = object({
  outputs: array(
    object({
      path: string().regex(RELATIVE_INSIDE, 'an output path is relative and stays inside the project'),
      digest,
      size: number().int().nonnegative(),
      mode: union([number().int().min(0).max(0o777), literal(SYMLINK_MODE)], 'a mode is permission bits, or a symlink'),
    }),
  ),
  exitCode: number().int(),
  stdoutDigest: digest.optional(),
  stderrDigest: digest.optional(),
  createdAt: string(),
  durationMs: number().nonnegative(),
})

/** The entry when valid, else what is wrong with it (the first problem, with where). */
export function checkActionResult(value: unknown): {result: ActionResult} | {problem: string} {
  const parsed = actionResultSchema.safeParse(value)
  if (parsed.success) return {result: parsed.data}
  const [issue] = parsed.error.issues
  return {problem: `${issue.path.join('.') || 'entry'}: ${issue.message}`}
}
