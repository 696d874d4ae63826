import {BitbakeCommand} from '../../cli/command.js'
import {parseLayers} from '../../parse.js'
import {errorLine, skippedLines, summaryLine, warningLines} from '../../report.js'

export default class Parse extends BitbakeCommand {
  static override summary = 'Parse every recipe of a BitBake build directory, as `bitbake -p` does (cached).'
  static override description = 'Counts files, targets (recipes and their BBCLASSEXTEND variants), skipped and masked recipes and errors the way `bitbake -p` does, lists each skipped target with its reason and each error at file:line. A second parse of an unchanged tree comes from tck\'s cache and starts no python.'
  static override examples = ['<%= config.bin %> bitbake parse', '<%= config.bin %> bitbake parse --build-dir ~/poky/build --json']

  async run() {
    const {flags} = await this.parse(Parse)
    const options = await this.parseOptions(flags)
    const outcome = await this.guard(() => parseLayers(options))
    const errors = outcome.recipes.filter((recipe) => recipe.error)
    if (!this.jsonEnabled()) {
      for (const line of warningLines(outcome)) process.stderr.write(line + '\n')
      for (const recipe of errors) process.stderr.write(errorLine(recipe) + '\n')
      this.log(summaryLine(outcome))
      const skipped = skippedLines(outcome)
      if (skipped.length > 0) this.log(`Skipped targets:\n${skipped.map((line) => `  ${line}`).join('\n')}`)
    }
    if (errors.length > 0) process.exitCode = 1
    const {recipes, config, complete, ...counts} = outcome
    return {
      ...counts,
      files: recipes.length,
      skippedTargets: recipes.flatMap((recipe) => recipe.variants.filter((v) => v.skipped !== null).map((v) => ({name: v.name, reason: v.skipped}))),
      errorsAt: errors.map((recipe) => ({recipe: recipe.file, ...recipe.error})),
    }
  }
}
