/**
 * What every `tck bitbake` command shares: the build directory (found like BitBake finds it),
 * the runtime of the tck that runs the command (for its cache root, atomic writes and errors),
 * progress on stderr, and errors printed as one message with a hint, never a stack.
 */
import {Command, Flags, type Interfaces} from '@oclif/core'
import {existsSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'
import type {TckApi} from 'tck'
import type {ParseOptions} from '../parse.js'

export abstract class BitbakeCommand extends Command {
  static override enableJsonFlag = true

  static override baseFlags = {
    'build-dir': Flags.string({char: 'b', description: 'The build directory (the one with conf/bblayers.conf); default: found from the current directory upwards, or $BUILDDIR', helpGroup: 'BITBAKE'}),
    jobs: Flags.integer({char: 'j', description: 'Python workers evaluating recipes in parallel (default: 2, or 1 on a one-core machine)', helpGroup: 'BITBAKE'}),
    'no-cache': Flags.boolean({description: 'Parse every recipe again and do not write the parse cache', helpGroup: 'BITBAKE'}),
  }

  private runtime?: TckApi

  protected async api(): Promise<TckApi> {
    this.runtime ??= (await import(pathToFileURL(join(this.config.root, 'dist/core/api.js')).href)).runtime as TckApi
    return this.runtime
  }

  protected async fail(code: 'USAGE' | 'CONFIG_NOT_FOUND' | 'CONFIG_INVALID' | 'TASK_FAILED', message: string, hint?: string): Promise<never> {
    const api = await this.api()
    throw new api.TckError(code, message, {hint})
  }

  /** Runs the work; a configuration the python side could not evaluate becomes a TckError at file:line. */
  protected async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      if (error instanceof Error && error.constructor.name === 'LayerConfigError') return this.fail('CONFIG_INVALID', error.message, 'Add the missing layer to BBLAYERS in conf/bblayers.conf, or remove the layer that needs it.')
      const detail = (error as {detail?: {message: string; file?: string; line?: number}}).detail
      if (detail) {
        const where = detail.file ? `${detail.file}${detail.line ? `:${detail.line}` : ''}: ` : ''
        return this.fail('CONFIG_INVALID', `${where}${detail.message}`, 'Fix the configuration (conf/bblayers.conf, conf/local.conf, a layer.conf) at that line.')
      }
      throw error
    }
  }

  /** BitBake's rule: conf/bblayers.conf under the current directory or one above it. */
  protected async buildDir(flag?: string): Promise<string> {
    const start = resolve(flag ?? process.env.BUILDDIR ?? process.cwd())
    for (let dir = start; ; dir = dirname(dir)) {
      if (existsSync(join(dir, 'conf', 'bblayers.conf'))) return dir
      if (flag || dir === dirname(dir)) break
    }
    return this.fail('CONFIG_NOT_FOUND', `no conf/bblayers.conf in ${start}${flag ? '' : ' or above it'}`, 'Run tck bitbake in a BitBake build directory (one set up by oe-init-build-env), or pass --build-dir.')
  }

  protected async parseOptions(flags: {'build-dir'?: string; jobs?: number; 'no-cache'?: boolean}, progress = true): Promise<ParseOptions> {
    const api = await this.api()
    const quiet = this.jsonEnabled() || !progress
    let last = 0
    const timeout = Number(process.env.TCK_BITBAKE_TIMEOUT)
    return {
      buildDir: await this.buildDir(flags['build-dir']),
      jobs: flags.jobs,
      // A recipe whose python never returns is stopped after this long (TCK_BITBAKE_TIMEOUT seconds).
      timeoutMs: timeout > 0 ? timeout * 1000 : undefined,
      python: process.env.TCK_BITBAKE_PYTHON || undefined,
      cacheRoot: flags['no-cache'] ? undefined : api.toolchains.cacheDir(),
      writeFile: (path, data) => api.atomicWriteFile(path, data),
      onProgress: quiet
        ? undefined
        : (done, total) => {
            const now = Date.now()
            if (process.stderr.isTTY) {
              if (done !== total && now - last < 250) return
              last = now
              process.stderr.write(`\rParsing recipes: ${done}/${total}${done === total ? '\n' : ''}`)
            } else if (done === total || Math.floor((done * 4) / total) > Math.floor(((done - 1) * 4) / total)) {
              process.stderr.write(`Parsing recipes: ${done}/${total}\n`)
            }
          },
    }
  }

  protected override async catch(error: Interfaces.CommandError): Promise<unknown> {
    const api = await this.api().catch(() => undefined)
    if (!api || !(error instanceof api.TckError)) return super.catch(error)
    process.exitCode = error.exitCode
    if (this.jsonEnabled()) this.logJson({error: error.toJSON()})
    else process.stderr.write(`tck: error: ${error.message}\n${error.hint ? `  ${error.hint}\n` : ''}`)
    return undefined
  }
}
