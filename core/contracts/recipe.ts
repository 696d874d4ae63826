import type {BuildContext} from '../pipeline.js'
import type {Recipe, RecipeSource} from './task.js'

/** A recipe parser turns recipe files (matched by glob) into recipes. */
export interface RecipeParser {
  name: string
  /** Globs relative to the project root; none for a parser whose recipes are given (`tck run file.c`). */
  patterns: string[]
  parse(source: RecipeSource, build: BuildContext): Promise<Recipe[]>
  /**
   * Every file, path and program this parser reads or looks up, the build observes (through
   * `build.observe`, the digest cache, or the engine's lookups), so the no-change record covers
   * it: set, a no-change build of its recipes is served without starting Node.
   */
  observes?: boolean
}
