/**
 * What each task left the last time this project built it: its key and action result, in the
 * project state (`.tck/results.json`). A task whose key is the one recorded here, with every
 * output still in place (by stat data), needs no store lookup — so a fully cached rebuild of
 * 10,000 tasks reads one file, not 10,000. When an output is missing or changed, the store is
 * asked as on a fresh clone: its entry is validated and the hit counted where it came from.
 */
import type {ActionResult} from '../contracts/cache.js'
import type {JsonSection, ProjectState} from './state.js'

export interface LastResult {
  key: string
  action: ActionResult
}

type Results = Record<string, LastResult>

const isResult = (value: unknown): value is LastResult => {
  const {key, action} = (value ?? {}) as Partial<LastResult>
  return typeof key === 'string' && typeof action === 'object' && action !== null && Array.isArray(action.outputs)
}

function parse(saved: unknown): Results | undefined {
  if (!saved || typeof saved !== 'object' || Array.isArray(saved)) return undefined
  return Object.fromEntries(Object.entries(saved as Record<string, unknown>).filter((entry): entry is [string, LastResult] => isResult(entry[1])))
}

export function lastResults(state: ProjectState): Promise<JsonSection<Results>> {
  return state.json('results', parse, () => ({}))
}

/** Records a task's result; the section is written only when something changed. */
export function recordResult(results: JsonSection<Results>, id: string, result: LastResult): void {
  const known = results.value[id]
  if (known?.key === result.key) return
  results.value[id] = result
  results.set()
}
