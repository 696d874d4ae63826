/** The `run` section of tck.config.*: defaults for `tck run`. */
import {z} from 'zod'
import {api} from './api.js'

const words = z.array(z.string()).default([])

export const runConfigSchema = z
  .object({
    /** A registered compiler (gcc, clang, tcc) or a compiler program; gcc when absent. */
    compiler: z.string().min(1).optional(),
    /** Where compiled scripts are cached; `$XDG_CACHE_HOME/tck/scripts` when absent. */
    cacheDir: z.string().min(1).optional(),
    /** Compile flags before the script's own params. */
    flags: words,
    /** Libraries after the script's own. */
    libs: words,
    /** Compile flags after everything else, plugins included: they win. */
    overrideFlags: words,
    /** Extra headers for inline code (`-i`). */
    includes: words,
    /** Keep the generated C source next to the binary (`-S`). */
    keepSource: z.boolean().default(false),
    /** GLib for Crispy's scripts (crispy.ts): `auto` for those with CRISPY_PARAMS or a GLib include, `always`, or `off`. */
    crispy: z.enum(['auto', 'always', 'off']).default('auto'),
  })
  .strict()

export type RunConfig = z.infer<typeof runConfigSchema>

function describe(issue: z.ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `run: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`
  const key = ['run', ...issue.path].join('.')
  if (issue.code === 'invalid_enum_value') return `${key} is ${JSON.stringify(issue.received)}; it must be ${issue.options.map((option) => JSON.stringify(option)).join(', ')}`
  return `${key}: ${issue.message}`
}

/** The section checked: a wrong key or value is a config error naming the file and the key. */
export function runConfigOf(config: {run?: unknown}, file?: string): RunConfig {
  const parsed = runConfigSchema.safeParse(config.run ?? {})
  if (parsed.success) return parsed.data
  throw new (api().TckError)('CONFIG_INVALID', `${file ?? 'tck.config'}: ${parsed.error.issues.map(describe).join('; ')}`, {
    hint: 'The `run` keys are listed in docs/configuration.md.',
  })
}
