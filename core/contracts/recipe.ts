import type {Recipe, RecipeSource} from './task.js'

/** A recipe parser turns recipe files (matched by glob) into recipes. */
export interface RecipeParser {
  name: string
  /** Globs relative to the project root. */
  patterns: string[]
  parse(source: RecipeSource): Promise<Recipe[]>
}
