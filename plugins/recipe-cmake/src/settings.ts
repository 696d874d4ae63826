/**
 * `plugins.cmake` in tck.config: what toolchain, flags, linker, cache and build directory a CMake
 * project gets. Checked when the config loads, so a typo fails every command and names its key.
 */
import type {BuildContext, TckApi} from 'tck'
import {z} from 'zod'

export const LINKERS = ['default', 'bfd', 'gold', 'lld', 'mold'] as const
export const STDLIBS = ['default', 'libstdc++', 'libc++'] as const
export const SANITIZERS = ['address', 'undefined', 'thread', 'leak', 'memory'] as const
export const LAUNCHERS = ['auto', 'ccache', 'sccache', 'none'] as const
export const GENERATORS = ['auto', 'Ninja', 'Unix Makefiles'] as const
export const BUILD_TYPES = ['Debug', 'Release', 'RelWithDebInfo', 'MinSizeRel'] as const

const flagList = z.array(z.string()).default([])

export const settingsSchema = z
  .object({
    /** `system` (the best compiler here), `system:gcc`, `system:clang`, or a toolchain spec (`llvm@18`, `npm:gcc-aarch64-unknown-linux-gnu`). */
    toolchain: z.string().min(1).default('system'),
    buildType: z.enum(BUILD_TYPES).default('Debug'),
    generator: z.enum(GENERATORS).default('auto'),
    linker: z.enum(LINKERS).default('default'),
    stdlib: z.enum(STDLIBS).default('default'),
    sanitizers: z.array(z.enum(SANITIZERS)).default([]),
    /** Target triple; the toolchain's own when absent. A CPU other than this machine's is a cross build. */
    target: z.string().min(1).optional(),
    /** Headers and libraries of the target; the toolchain's sysroot when absent. */
    sysroot: z.string().min(1).optional(),
    /** How target programs run on this machine (tests of a cross build): `auto` finds qemu-<cpu>-static, `none`, or a command. */
    emulator: z.union([z.literal('auto'), z.literal('none'), z.array(z.string()).nonempty()]).default('auto'),
    launcher: z.enum(LAUNCHERS).default('auto'),
    /** ccache's remote storage (`http://…`, `redis://…`); tck's http cache when absent; `false`: none. */
    remoteCache: z.union([z.string().url(), z.literal(false)]).optional(),
    flags: z.object({c: flagList, cxx: flagList, link: flagList}).strict().default({}),
    cacheVariables: z.record(z.union([z.string(), z.boolean(), z.number()])).default({}),
    /** Relative to the project root. */
    buildDir: z.string().min(1).default('build/tck'),
  })
  .strict()

export type CMakeSettings = z.infer<typeof settingsSchema>

/** The settings of this build, defaults applied; a bad key is a CONFIG_INVALID error naming it. */
export function readSettings(api: TckApi, build: Pick<BuildContext, 'config' | 'configFile'>): CMakeSettings {
  const parsed = settingsSchema.safeParse(build.config.plugins.cmake ?? {})
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const key = ['plugins', 'cmake', ...issue.path].join('.')
  const allowed = 'options' in issue ? ` (one of: ${(issue.options as unknown[]).join(', ')})` : ''
  const unknown = issue.code === 'unrecognized_keys' ? `: unknown key ${issue.keys.map((name) => `"${name}"`).join(', ')}` : `: ${issue.message}${allowed}`
  throw new api.TckError('CONFIG_INVALID', `${build.configFile ?? 'tck.config'}: ${key}${unknown}`, {
    hint: 'See docs/cmake.md for the plugins.cmake settings.',
  })
}
