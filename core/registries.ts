/** Provider registries: one per kind, each a typed contract; a provider remembers which plugin gave it. */
import type {CacheProvider} from './contracts/cache.js'
import type {Compiler} from './contracts/compiler.js'
import type {DoctorCheck} from './contracts/doctor.js'
import type {Executor} from './contracts/executor.js'
import type {PackageManager} from './contracts/packages.js'
import type {RecipeParser} from './contracts/recipe.js'
import type {ToolchainSource} from './contracts/toolchain.js'
import {TckError} from './errors.js'

export class Registry<T extends {name: string}> {
  readonly #entries = new Map<string, {provider: T; plugin: string}>()

  constructor(readonly kind: string) {}

  /** Adds a provider on behalf of `plugin`; two providers with one name is an error naming both plugins. */
  add(plugin: string, provider: T): void {
    const existing = this.#entries.get(provider.name)
    if (existing) {
      throw new TckError(
        'PLUGIN_CONFLICT',
        `${this.kind} "${provider.name}" is registered by both ${existing.plugin} and ${plugin}`,
        {hint: `Remove one of them with \`tck plugins remove <name>\`, or rename the provider.`},
      )
    }
    this.#entries.set(provider.name, {provider, plugin})
  }

  get(name: string): T {
    const entry = this.#entries.get(name)
    if (!entry) {
      const known = [...this.#entries.keys()].join(', ') || 'none'
      throw new TckError('PROVIDER_NOT_FOUND', `no ${this.kind} named "${name}" (registered: ${known})`, {
        hint: `Add the plugin that provides it, e.g. tck plugins add ${this.kind === 'compiler' ? 'compiler-' : ''}${name}`,
      })
    }
    return entry.provider
  }

  has(name: string): boolean {
    return this.#entries.has(name)
  }

  list(): Array<{name: string; plugin: string; provider: T}> {
    return [...this.#entries.values()].map(({plugin, provider}) => ({name: provider.name, plugin, provider}))
  }
}

export function createRegistries() {
  return Object.freeze({
    compiler: new Registry<Compiler>('compiler'),
    cacheProvider: new Registry<CacheProvider>('cacheProvider'),
    packageManager: new Registry<PackageManager>('packageManager'),
    recipeParser: new Registry<RecipeParser>('recipeParser'),
    executor: new Registry<Executor>('executor'),
    toolchainSource: new Registry<ToolchainSource>('toolchainSource'),
    /** Checks `tck doctor` runs besides its own (recipe-cmake: CMake, the generator, the project's toolchain). */
    doctorCheck: new Registry<DoctorCheck>('doctorCheck'),
  })
}

export type Registries = ReturnType<typeof createRegistries>
export type ProviderKind = keyof Registries
