import {Flags} from '@oclif/core'
import {BitbakeCommand} from '../../cli/command.js'
import {chooseRecipe, recipeRequest, RecipeNotFound, withSession} from '../../query.js'

export default class Env extends BitbakeCommand {
  static override summary = 'Print the configuration or a recipe\'s environment in the format of `bitbake -e` (so the two can be diffed).'
  static override description = 'Every variable with its expanded value (exported ones with `export`, unexported ones as `unset`), then every shell function. BitBake\'s history comments are not printed.'
  static override examples = ['<%= config.bin %> bitbake env', '<%= config.bin %> bitbake env -r busybox > busybox.env']
  static override flags = {recipe: Flags.string({char: 'r', description: 'A recipe name (PN); the configuration when absent'})}

  async run() {
    const {flags} = await this.parse(Env)
    const options = await this.parseOptions(flags, false)
    try {
      return await this.guard(() => withSession(options, async (session) => {
        const target = flags.recipe ? recipeRequest(session, await chooseRecipe(options, session, flags.recipe)) : {}
        const {result} = await session.workerRequest('env', target)
        if (!this.jsonEnabled()) process.stdout.write(result.text)
        return {recipe: flags.recipe, text: result.text}
      }))
    } catch (error) {
      if (error instanceof RecipeNotFound) return this.fail('USAGE', error.message, 'tck bitbake show-recipes lists the recipes this build directory has.')
      throw error
    }
  }
}
