/**
 * Questions about one recipe or the configuration (`getvar`, `env`): the recipe named by PN is
 * chosen among the parsed variants the way BitBake chooses a provider, then parsed afresh in a
 * worker, since a full datastore is never cached.
 */
import {appendsFor, collectFiles, fileCollection} from './layers/collect.js'
import {parseLayers, type ParseOptions} from './parse.js'
import {Session} from './session.js'

export interface RecipeChoice {
  file: string
  variant: string
  name: string
  note?: string
}

export class RecipeNotFound extends Error {
  constructor(
    readonly pn: string,
    readonly reasons: string[],
  ) {
    super(reasons.length > 0 ? `${pn} is unavailable: ${reasons.join('; ')}` : `no recipe provides ${pn}`)
  }
}

export async function withSession<T>(options: ParseOptions, use: (session: Session) => Promise<T>): Promise<T> {
  const session = new Session({buildDir: options.buildDir, env: options.env ?? process.env, jobs: 1, python: options.python, timeoutMs: options.timeoutMs})
  try {
    await session.configure(1)
    return await use(session)
  } finally {
    await session.close()
  }
}

export async function chooseRecipe(options: ParseOptions, session: Session, pn: string): Promise<RecipeChoice> {
  const outcome = await parseLayers(options)
  const collections = collectFiles(outcome.config).collections
  const candidates = []
  const reasons: string[] = []
  for (const recipe of outcome.recipes) {
    for (const variant of recipe.variants) {
      if (variant.values.PN !== pn) continue
      if (variant.skipped !== null) {
        reasons.push(`${variant.name} was skipped: ${variant.skipped}`)
        continue
      }
      const text = (value: unknown) => (typeof value === 'string' ? value : '')
      candidates.push({
        name: variant.name,
        file: recipe.file,
        variant: variant.variant,
        pe: text(variant.values.PE),
        pv: text(variant.values.PV),
        pr: text(variant.values.PR),
        preference: Number.parseInt(text(variant.values.DEFAULT_PREFERENCE) || '0', 10) || 0,
        priority: fileCollection(recipe.file, collections)?.priority ?? 0,
      })
    }
  }
  if (candidates.length === 0) throw new RecipeNotFound(pn, reasons)
  const {result} = await session.workerRequest('select', {pn, candidates})
  const chosen = candidates.find((candidate) => candidate.name === result.name)
  if (!chosen) throw new RecipeNotFound(pn, [result.note ?? 'no version matches'])
  return {file: chosen.file, variant: chosen.variant, name: chosen.name, note: result.note ?? undefined}
}

/** The request fields that name one recipe variant for the worker. */
export function recipeRequest(session: Session, choice: RecipeChoice) {
  return {file: choice.file, variant: choice.variant, appends: appendsFor(choice.file, session.collected.appends), layer: session.layerOf(choice.file)}
}
