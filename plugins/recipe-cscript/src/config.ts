/** The `run` section of tck.config.*: defaults for `tck run`. */
import {z} from 'zod'

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
  })
  .strict()

export type RunConfig = z.infer<typeof runConfigSchema>

export const runConfigOf = (config: {run?: unknown}): RunConfig => runConfigSchema.parse(config.run ?? {})
