/**
 * The host as one command sees it: configuration, the hook driver and registries, with every
 * plugin's `tck:register` run and the user's config registered last, as a plugin of its own.
 */
import {dirname, relative} from 'node:path'
import {loadConfig} from './config/load.js'
import type {TckConfig} from './config/schema.js'
import {Driver, Stage} from './driver.js'
import {Build, type BuildSettings} from './engine/build.js'
import {PluginError, TckError} from './errors.js'
import {tapExplain} from './explain/record.js'
import {pluginContext} from './plugins/context.js'
import type {PluginIdentity} from './plugins/identity.js'
import {listPlugins} from './plugins/list.js'
import {registerPlugins, type LoadedPlugin} from './plugins/load.js'
import {useHostCompilers} from './toolchains/detect.js'
import {tapReports} from './reports/tap.js'
import {createRegistries, type Registries} from './registries.js'

/** Where this tck and its plugins live: an oclif Config has both, and so does tck's own fast start. */
export interface HostPlace {
  /** tck's own package directory. */
  root: string
  /** Where installed plugins live (oclif's data dir). */
  dataDir: string
}

export interface HostOptions {
  cwd: string
  configFile?: string
  traceHooks?: boolean
}

export interface Host {
  driver: Driver
  registries: Registries
  plugins: LoadedPlugin[]
  config: TckConfig
  configFile?: string
  root: string
  /** Each plugin that may tap hooks (and the config file), by the name its taps carry. */
  identities: Map<string, PluginIdentity>
  /** A new build of this project. */
  build(settings?: BuildSettings): Build
}

/**
 * The host's own taps: the default executor dispatch, last in line so plugins may run a task first;
 * the key manifests behind `tck explain`; the reports under .tck/reports/.
 */
function tapHostDefaults(driver: Driver, registries: Registries): void {
  driver.tap('execute', 'tck', (request, context) => registries.executor.get(request.executor).run(request, context.signal), {stage: Stage.last})
  tapExplain(driver)
  tapReports(driver)
}

export async function createHost(place: HostPlace, options: HostOptions): Promise<Host> {
  const {config, file} = await loadConfig(options.cwd, options.configFile)
  const driver = new Driver()
  const registries = createRegistries()
  if (options.traceHooks) driver.trace((line) => process.stderr.write(`${line}\n`))
  const plugins = await registerPlugins(listPlugins(place.root, place.dataDir), driver, registries)
  // System toolchains are found by asking the compiler plugins, whoever asks (a command, a plugin through the runtime API).
  useHostCompilers(() => registries.compiler.list().map(({provider}) => provider))
  tapHostDefaults(driver, registries)
  const root = file ? dirname(file) : options.cwd
  const identities = new Map<string, PluginIdentity>(plugins.map((plugin) => [plugin.name, {kind: 'plugin', version: plugin.version, root: plugin.root}]))

  if (file && config.register) {
    const name = relative(options.cwd, file) || file
    identities.set(name, {kind: 'config', file, shownAs: relative(root, file)})
    try {
      await config.register(pluginContext(name, driver, registries, file))
    } catch (error) {
      throw error instanceof TckError ? error : new PluginError(name, 'register', error, {configFile: file})
    }
  }
  const host: Host = {
    driver,
    registries,
    plugins,
    config,
    configFile: file,
    root,
    identities,
    build: (settings) => new Build(host, settings),
  }
  await driver.fire('configLoaded', host.build())
  return host
}
