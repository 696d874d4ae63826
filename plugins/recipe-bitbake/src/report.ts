/** How parse results are shown: BitBake's summary line, skip reasons, errors at file:line. */
import type {ParseOutcome} from './parse.js'
import type {RecipeResult} from './session.js'

export function summaryLine(outcome: ParseOutcome): string {
  return `Parsing of ${outcome.recipes.length} .bb files complete (${outcome.cached} cached, ${outcome.parsed} parsed). ${outcome.targets} targets, ${outcome.skipped} skipped, ${outcome.masked} masked, ${outcome.errors} errors.`
}

export function skippedLines(outcome: ParseOutcome): string[] {
  return outcome.recipes.flatMap((recipe) => recipe.variants.filter((variant) => variant.skipped !== null).map((variant) => `${variant.name}: ${variant.skipped}`))
}

export function errorLine(recipe: RecipeResult): string {
  const error = recipe.error!
  const where = error.file ? `${error.file}${error.line ? `:${error.line}` : ''}` : recipe.file
  const inside = error.function ? ` (in ${error.function})` : ''
  const fatal = recipe.messages.filter((message) => message.level === 'fatal' || message.level === 'error').map((message) => message.message)
  return `ERROR: ${where}${inside}: ${[error.message, ...fatal].join(': ')}${where === recipe.file ? '' : ` [parsing ${recipe.file}]`}`
}

export function warningLines(outcome: ParseOutcome): string[] {
  const seen = new Set<string>()
  const lines: string[] = []
  for (const message of [...outcome.config.messages, ...outcome.recipes.flatMap((recipe) => recipe.messages)]) {
    if (message.level !== 'warning' && message.level !== 'error') continue
    const line = `${message.level === 'warning' ? 'WARNING' : 'ERROR'}: ${message.message}`
    if (!seen.has(line)) {
      seen.add(line)
      lines.push(line)
    }
  }
  return lines
}
