/**
 * The host as one command sees it: configuration, pipeline and registries, with every plugin's
 * `tck:register` run and the user's config registered last, as a plugin of its own.
 */
import type {Config} from '@oclif/core'
import {dirname, relative} from 'node:path'
import {loadConfig} from './config/load.js'
import type {TckConfig} from './config/schema.js'
import {PluginError, TckError} from './errors.js'
import {tapExplain} from './explain/record.js'
import {createPipeline, type BuildContext, type Pipeline} from './pipeline.js'
import {pluginContext} from './plugins/context.js'
import {registerPlugins, type LoadedPlugin} from './plugins/load.js'
import {tapReports} from './reports/tap.js'
import {createRegistries, type Registries} from './registries.js'
import {traceHooks} from './trace.js'

export interface HostOptions {
  cwd: string
  configFile?: string
  traceHooks?: boolean
}

export interface Host {
  pipeline: Pipeline
  registries: Registries
  plugins: LoadedPlugin[]
  config: TckConfig
  configFile?: string
  root: string
  buildContext(options?: Record<string, unknown>): BuildContext
}

/**
 * The host's own taps: the default executor dispatch, last in line so plugins may run a task first;
 * the key manifests behind `tck explain`; the reports under .tck/reports/.
 */
function tapHostDefaults(pipeline: Pipeline, registries: Registries): void {
  pipeline.execute.tapPromise({name: 'tck', stage: 100}, (request, context) =>
    registries.executor.get(request.executor).run(request, context.signal),
  )
  tapExplain(pipeline)
  tapReports(pipeline)
}

export async function createHost(oclif: Config, options: HostOptions): Promise<Host> {
  const {config, file} = await loadConfig(options.cwd, options.configFile)
  const pipeline = createPipeline()
  const registries = createRegistries()
  if (options.traceHooks) traceHooks(pipeline, (line) => process.stderr.write(`${line}\n`))
  const plugins = await registerPlugins(oclif, pipeline, registries)
  tapHostDefaults(pipeline, registries)

  if (file && config.register) {
    const name = relative(options.cwd, file) || file
    try {
      await config.register(pluginContext(name, pipeline, registries, file))
    } catch (error) {
      throw error instanceof TckError ? error : new PluginError(name, 'register', error, {configFile: file})
    }
  }
  const root = file ? dirname(file) : options.cwd
  const host: Host = {
    pipeline,
    registries,
    plugins,
    config,
    configFile: file,
    root,
    buildContext: (engineOptions = {}) => ({root, config, configFile: file, options: engineOptions}),
  }
  await pipeline.configLoaded.promise(host.buildContext())
  return host
}
