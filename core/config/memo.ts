/**
 * Validating a large data-only configuration (10,000 tasks) takes zod about half a second, on
 * every command. When the parsed config and the schema are byte-for-byte what they were last
 * time, the validated result is read back from `.tck/config-memo.json` instead. Configs written
 * in JavaScript are never memoized: they may hold functions and compute their values.
 */
import {existsSync, readFileSync} from 'node:fs'
import {dirname, extname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {atomicWriteFile} from '../io/atomic.js'
import {sha256} from '../io/digest.js'
import type {TckConfig} from './schema.js'

/** Below this many tasks validation is cheaper than the memo's own read and write. */
const WORTH_IT_TASKS = 500
const DATA_ONLY = new Set(['.json', '.yaml', '.yml', ''])

/** The modules whose rules a valid config follows: a change to either validates again. */
const RULES = ['schema', 'task-paths']

let schemaDigest: string | undefined
function schemaVersion(): string {
  // Compiled next to this module, or under config/ when this module is tck's one-file fast start
  // (dist/core/fast.bundle.js), or TypeScript when run from source (tests).
  const here = dirname(fileURLToPath(import.meta.url))
  const candidates = (name: string) => [join(here, `${name}.js`), join(here, 'config', `${name}.js`), join(here, `${name}.ts`)]
  const read = (name: string) => {
    const file = candidates(name).find((path) => existsSync(path))
    return file ? readFileSync(file) : name
  }
  schemaDigest ??= sha256(RULES.map(read).join('\0'))
  return schemaDigest
}

function memoFile(configFile: string): string {
  return join(dirname(configFile), '.tck', 'config-memo.json')
}

const isDataOnly = (file: string) => DATA_ONLY.has(extname(file)) || file.endsWith('.tckrc')

export function validatedWithMemo(raw: unknown, configFile: string, validate: () => TckConfig): TckConfig | Promise<TckConfig> {
  const tasks = (raw as {tasks?: unknown})?.tasks
  if (!isDataOnly(configFile) || !tasks || typeof tasks !== 'object' || Object.keys(tasks).length < WORTH_IT_TASKS) return validate()
  const key = sha256(`${schemaVersion()}\n${JSON.stringify(raw)}`)
  try {
    const memo = JSON.parse(readFileSync(memoFile(configFile), 'utf8')) as {key: string; config: TckConfig}
    if (memo.key === key) return memo.config
  } catch {
    // No memo yet, or an unreadable one: validate and write a fresh one.
  }
  const config = validate()
  // The memo is only a shortcut: failing to write it must never fail the command.
  return atomicWriteFile(memoFile(configFile), JSON.stringify({key, config})).then(
    () => config,
    () => config,
  )
}
