/** Finds and validates the user's configuration (cosmiconfig, module name `tck`). */
import {cosmiconfig} from 'cosmiconfig'
import {relative, resolve} from 'node:path'
import type {ZodIssue} from 'zod'
import {TckError} from '../errors.js'
import {loadJavaScript, loadJson} from './loaders.js'
import {validatedWithMemo} from './memo.js'
import {configSchema, type TckConfig} from './schema.js'

export interface LoadedConfig {
  config: TckConfig
  /** Absent when no configuration file was found: the defaults apply. */
  file?: string
}

/** Where cosmiconfig looks, in each directory from the start up to the project's package.json. */
export const CONFIG_SEARCH_PLACES = [
  'package.json',
  '.tckrc',
  '.tckrc.json',
  '.tckrc.yaml',
  '.tckrc.yml',
  '.tckrc.js',
  '.tckrc.mjs',
  '.tckrc.cjs',
  'tck.config.mjs',
  'tck.config.js',
  'tck.config.cjs',
  'tck.config.json',
  'tck.config.yaml',
  'tck.config.yml',
]

const explorer = () =>
  cosmiconfig('tck', {
    searchStrategy: 'project',
    searchPlaces: CONFIG_SEARCH_PLACES,
    loaders: {'.mjs': loadJavaScript, '.js': loadJavaScript, '.cjs': loadJavaScript, '.json': loadJson},
  })

/**
 * No configuration file and no file a recipe parser reads: there is nothing to build, and
 * building anyway would report "nothing to do" and leave a .tck/ behind. Says what was looked for.
 */
export function noProjectError(root: string, parsers: Array<{name: string; patterns: string[]}>): TckError {
  const recipes = parsers.length > 0
    ? `files a recipe parser reads (${parsers.map((parser) => `${parser.name}: ${parser.patterns.join(', ')}`).join('; ')})`
    : 'files a recipe parser reads (no recipe parser plugin is added; `tck plugins available` lists them)'
  return new TckError(
    'PROJECT_NOT_FOUND',
    `no tck project in ${resolve(root)}: tck looked for a configuration (tck.config.{mjs,js,cjs,json,yaml,yml}, .tckrc*, ` +
      `a "tck" key in package.json) here and above, up to the project's package.json, and for ${recipes}`,
    {hint: 'Start one with `tck init`, or write a tck.config.yaml with a task (docs/configuration.md); or point --cwd or --config at a project.'},
  )
}

function describeIssue(issue: ZodIssue): string {
  const key = issue.path.join('.') || '(top level)'
  if (issue.code === 'unrecognized_keys') {
    const where = issue.path.length > 0 ? ` in ${key}` : ''
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}${where}`
  }
  return `${key}: ${issue.message}`
}

export function validateConfig(raw: unknown, file: string): TckConfig {
  const parsed = configSchema.safeParse(raw ?? {})
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map(describeIssue)
  throw new TckError('CONFIG_INVALID', `${file}: ${problems.join('; ')}`, {
    hint: 'See the configuration reference in docs/configuration.md.',
  })
}

export async function loadConfig(cwd: string, explicitFile?: string): Promise<LoadedConfig> {
  let result
  try {
    result = explicitFile ? await explorer().load(explicitFile) : await explorer().search(cwd)
  } catch (error) {
    if (error instanceof TckError) throw error
    const message = error instanceof Error ? error.message : String(error)
    const code = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'CONFIG_NOT_FOUND' : 'CONFIG_LOAD'
    throw new TckError(code, `cannot load configuration${explicitFile ? ` ${explicitFile}` : ''}: ${message}`, {cause: error})
  }
  if (!result || result.isEmpty) return {config: validateConfig({}, '(defaults)'), file: result?.filepath}
  const raw = (result.config as {default?: unknown})?.default ?? result.config
  const validate = () => validateConfig(raw, relative(cwd, result.filepath) || result.filepath)
  return {config: await validatedWithMemo(raw, result.filepath, validate), file: result.filepath}
}
