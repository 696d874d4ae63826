import {Args} from '@oclif/core'
import {BitbakeCommand} from '../../cli/command.js'
import {parseLayers} from '../../parse.js'

export default class ShowRecipes extends BitbakeCommand {
  static override summary = 'List recipes with their version and layer, and the skipped ones with why (like bitbake-layers show-recipes).'
  static override examples = ['<%= config.bin %> bitbake show-recipes', '<%= config.bin %> bitbake show-recipes "python3-*" --json']
  static override args = {pattern: Args.string({description: 'Only recipe names matching this (* and ? are wildcards)'})}

  async run() {
    const {args, flags} = await this.parse(ShowRecipes)
    const options = await this.parseOptions(flags)
    const outcome = await this.guard(() => parseLayers(options))
    const match = args.pattern ? new RegExp(`^${args.pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`) : undefined
    const rows = outcome.recipes.flatMap((recipe) =>
      recipe.variants.map((variant) => {
        const pe = variant.values.PE ? `${variant.values.PE}:` : ''
        return {name: String(variant.values.PN ?? ''), version: `${pe}${variant.values.PV ?? ''}-${variant.values.PR ?? ''}`, layer: recipe.layer ?? '', file: variant.name, skipped: variant.skipped}
      }),
    ).filter((row) => !match || match.test(row.name)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    if (!this.jsonEnabled()) {
      for (const row of rows) this.log(`${row.name}:\n  ${row.layer.padEnd(20)} ${row.version}${row.skipped ? ` (skipped: ${row.skipped})` : ''}`)
    }
    return {recipes: rows}
  }
}
