/** `tck query`: parse, plan the graph (nothing runs), evaluate, in the graph's order. */
import type {Build} from '../engine/build.js'
import {evaluateQuery, ordered} from './evaluate.js'
import {queryResult, type QueryResult} from './format.js'
import {parseQuery} from './parser.js'

export async function runQuery(build: Build, expression: string): Promise<QueryResult> {
  // Parse first: a typo is reported before any recipe is read.
  const ast = parseQuery(expression)
  const graph = await build.plan([])
  return queryResult(graph, expression, ordered(graph, evaluateQuery(graph, expression, ast)))
}
