import {Args, Flags} from '@oclif/core'
import {TckCommand} from '../command.js'
import {formatDot, formatText} from '../query/format.js'
import {runQuery} from '../query/index.js'

export default class Query extends TckCommand {
  static override summary = 'Select tasks of the graph: dependencies, reverse dependencies, paths, kinds, attributes.'
  static override description = `The graph is planned as a build would plan it, but nothing runs.
Results come in execution order (dependencies first).

  *, app:*              every task; the tasks whose id matches the glob
  deps(x[, depth])      x and its dependencies (depth 1: direct ones)
  rdeps(u, x[, depth])  tasks under u that depend on x, x included
  allpaths(a, b)        every task on a path from a down to b
  somepath(a, b)        one such path
  kind(re, x)           the tasks of x whose kind matches re
  attr(name, re, x)     the tasks of x whose attribute name matches re
  a + b, a union b      in either
  a ^ b, a intersect b  in both
  a - b, a except b     in a, not in b

Operators group to the left; use parentheses otherwise. Put spaces around
+ and -: inside a word they are part of a task id (gcc-12, libstdc++).
Patterns are unanchored regular expressions: kind('^compile$', *) matches
exactly. attr reads the task's attrs, then recipe, kind, executor, cwd,
cacheable. Quote a task id with spaces or named like an operator: 'union'.`
  static override examples = [
    {description: 'Everything app:link needs', command: "<%= config.bin %> query 'deps(app:link)'"},
    {description: 'What rebuilds when zlib:fetch changes', command: "<%= config.bin %> query 'rdeps(*, zlib:fetch)'"},
    {description: 'Compile tasks of the core layer', command: "<%= config.bin %> query 'kind(compile, attr(layer, core, *))'"},
    {description: 'A picture of the path from image to zlib:fetch', command: "<%= config.bin %> query 'allpaths(image, zlib:fetch)' --output dot | dot -Tsvg > path.svg"},
    {description: 'As data', command: "<%= config.bin %> query 'deps(image, 1) - image' --json"},
  ]
  static override args = {expression: Args.string({description: 'The query expression (quote it for the shell)', required: true})}
  static override flags = {
    output: Flags.string({char: 'o', description: 'text: one task id a line; dot: a Graphviz digraph of the tasks and the dependencies between them', options: ['text', 'dot'], default: 'text'}),
  }

  async run() {
    const {args, flags} = await this.parse(Query)
    const host = await this.host(flags)
    const result = await runQuery(host.build(), args.expression)
    if (!this.jsonEnabled()) {
      const text = flags.output === 'dot' ? formatDot(result) : formatText(result)
      if (text) this.log(text)
    }
    return result
  }
}
