import {Args, Flags} from '@oclif/core'
import {BitbakeCommand} from '../../cli/command.js'
import {chooseRecipe, recipeRequest, RecipeNotFound, withSession} from '../../query.js'

export default class Getvar extends BitbakeCommand {
  static override summary = 'Print the value of a variable (or one of its flags) in the configuration or a recipe, like bitbake-getvar --value.'
  static override examples = ['<%= config.bin %> bitbake getvar MACHINE', '<%= config.bin %> bitbake getvar -r zlib DEPENDS', '<%= config.bin %> bitbake getvar -r zlib do_compile --flag deps --unexpand']
  static override args = {variable: Args.string({description: 'The variable name', required: true})}
  static override flags = {
    recipe: Flags.string({char: 'r', description: 'A recipe name (PN, e.g. zlib or zlib-native); the configuration when absent'}),
    flag: Flags.string({char: 'f', description: 'Print this flag of the variable instead of its value'}),
    unexpand: Flags.boolean({char: 'u', description: 'Print the value as written, without expanding ${...}'}),
  }

  async run() {
    const {args, flags} = await this.parse(Getvar)
    const options = await this.parseOptions(flags, false)
    try {
      return await this.guard(() => withSession(options, async (session) => {
        const target = flags.recipe ? recipeRequest(session, await chooseRecipe(options, session, flags.recipe)) : {}
        const {result} = await session.workerRequest('getvar', {...target, name: args.variable, flag: flags.flag, unexpand: flags.unexpand})
        if (!this.jsonEnabled()) this.log(result.value ?? '')
        return {variable: args.variable, flag: flags.flag, recipe: flags.recipe, value: result.value}
      }))
    } catch (error) {
      if (error instanceof RecipeNotFound) return this.fail('USAGE', error.message, 'tck bitbake show-recipes lists the recipes this build directory has.')
      throw error
    }
  }
}
