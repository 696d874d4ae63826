/** `tck query`: parse, plan the graph (nothing runs), evaluate, in the graph's order. */
import {planBuild} from '../engine/build.js'
import type {BuildContext, Pipeline} from '../pipeline.js'
import type {Registries} from '../registries.js'
import {evaluateQuery, ordered} from './evaluate.js'
import {queryResult, type QueryResult} from './format.js'
import {parseQuery} from './parser.js'

export async function runQuery(build: BuildContext, pipeline: Pipeline, registries: Registries, expression: string): Promise<QueryResult> {
  // Parse first: a typo is reported before any recipe is read.
  const ast = parseQuery(expression)
  const graph = await planBuild(build, pipeline, registries, [])
  return queryResult(graph, expression, ordered(graph, evaluateQuery(graph, expression, ast)))
}
