import type {BuildContext} from '../pipeline.js'
import type {Recipe, RecipeSource} from './task.js'

/** A recipe parser turns recipe files (matched by glob) into recipes. */
export interface RecipeParser {
  name: string
  /** Globs relative to the project root; none for a parser whose recipes are given (`tck run file.c`). */
  patterns: string[]
  parse(source: RecipeSource, build: BuildContext): Promise<Recipe[]>
}
