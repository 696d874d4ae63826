#!/usr/bin/env node
// `npm run bench [names...]`: runs bench/<name>.bench.js (all of them when none is named), one
// after another so they never compete for the cores, prints one table, writes results/latest.json.
// Each bench exports `default async function run()` returning rows
// {name, value, unit, peer?, peerValue?, ratio?, note?}: ratio compares tck with the peer in the
// same run (tck / peer, so above 1 is better for a rate, below 1 for a time).
import {existsSync, mkdirSync, readdirSync, writeFileSync} from 'node:fs'
import {cpus, loadavg} from 'node:os'
import {basename, join, resolve} from 'node:path'
import {pathToFileURL} from 'node:url'

const here = new URL('.', import.meta.url).pathname
const root = join(here, '..')

function benchFiles(names) {
  if (names.length === 0) return readdirSync(here).filter((file) => file.endsWith('.bench.js')).sort().map((file) => join(here, file))
  return names.map((name) => {
    const candidates = [resolve(name), join(here, name), join(here, `${name}.bench.js`)]
    const file = candidates.find((candidate) => existsSync(candidate) && candidate.endsWith('.bench.js'))
    if (!file) throw new Error(`no benchmark "${name}" (looked for ${candidates.join(', ')})`)
    return file
  })
}

const format = (value) =>
  value === undefined || value === null ? '' : typeof value === 'number' ? value.toLocaleString('en-US', {maximumFractionDigits: 2}) : String(value)

function table(rows) {
  const header = ['bench', 'measure', 'tck', 'unit', 'peer', 'peer value', 'ratio', 'note']
  const lines = rows.map((row) => [row.bench, row.name, format(row.value), row.unit ?? '', row.peer ?? '', format(row.peerValue), format(row.ratio), row.note ?? ''])
  const widths = header.map((title, column) => Math.max(title.length, ...lines.map((line) => line[column].length)))
  const numeric = new Set([2, 5, 6])
  const render = (cells) => cells.map((cell, column) => (numeric.has(column) ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd()
  return [render(header), widths.map((width) => '-'.repeat(width)).join('  '), ...lines.map(render)].join('\n')
}

if (!existsSync(join(root, 'dist', 'core'))) {
  process.stderr.write('bench: dist/ is missing; run `npm run build` first.\n')
  process.exit(2)
}

// Wall-clock figures from a busy machine are not worth much: the load is recorded with them.
const loadBefore = loadavg()[0]
const rows = []
let failed = 0
let files
try {
  files = benchFiles(process.argv.slice(2))
} catch (error) {
  process.stderr.write(`bench: ${error.message}\n`)
  process.exit(2)
}
for (const file of files) {
  const bench = basename(file, '.bench.js')
  process.stderr.write(`bench: ${bench} ...\n`)
  const started = performance.now()
  try {
    const {default: run} = await import(pathToFileURL(file).href)
    for (const row of await run()) rows.push({bench, ...row})
  } catch (error) {
    failed++
    rows.push({bench, name: `FAILED: ${error instanceof Error ? error.message.split('\n')[0] : error}`})
  }
  process.stderr.write(`bench: ${bench} took ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
}

const load = {before: loadBefore, after: loadavg()[0]}
process.stdout.write(`${table(rows)}\n`)
process.stdout.write(`${cpus().length} cores, load average ${load.before.toFixed(1)} before, ${load.after.toFixed(1)} after\n`)
const results = {date: new Date().toISOString(), node: process.versions.node, cpus: cpus().length, cpu: cpus()[0]?.model, load, rows}
mkdirSync(join(here, 'results'), {recursive: true})
writeFileSync(join(here, 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`)
process.stderr.write(`bench: wrote ${join('bench', 'results', 'latest.json')}\n`)
process.exit(failed ? 1 : 0)
