// `npm run conformance bitbake`: real BitBake and tck parse the same oe-core build directory;
// every difference is printed (recipe, variable, both values) and any makes this exit 1.
// Compared: the recipe set, targets and skip reasons against `bitbake -p`; the summary values
// and task flags of every target; every variable of a sample of targets across recipe kinds.
// Real BitBake's output is kept per corpus digest, so a re-run only runs tck.
import {execFileSync} from 'node:child_process'
import {cpSync, existsSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {prepareTree, runAs, USER} from './bitbake/tree.mjs'
import {compare, compareAll, readDump, sample, VOLATILE} from './bitbake/compare.mjs'

const here = new URL('.', import.meta.url).pathname
const repo = join(here, '..', '..')
const tree = prepareTree(process.env.TCK_CORPORA!)
const out = (name: string) => join(tree.dir, name)
const step = (text: string) => process.stderr.write(`conformance bitbake: ${text}\n`)
// The tree's user may not be able to read this checkout (it may live under /root): what it runs
// is copied next to the tree, in the same layout. The plugin's dist needs nothing but node.
const staged = join(tree.dir, 'tck')
rmSync(staged, {recursive: true, force: true})
for (const part of ['plugins/recipe-bitbake/dist', 'plugins/recipe-bitbake/python', 'scripts/conformance/bitbake']) cpSync(join(repo, part), join(staged, part), {recursive: true})
if (process.getuid?.() === 0) execFileSync('chown', ['-R', `${USER}:`, staged])
const reference = `PYTHONPATH=${tree.bitbake}/lib /usr/bin/python3 ${join(staged, 'scripts/conformance/bitbake/reference.py')}`
const tck = `/usr/bin/node ${join(staged, 'scripts/conformance/bitbake/tck-dump.mjs')}`

if (!existsSync(out('bitbake-p.txt'))) {
  step('bitbake -p (real BitBake, first parse of this tree)')
  // All of its output: warnings and BitBake's closing summary of them come after the parse's line.
  const run = runAs(tree, 'bitbake -p 2>&1', {allowFailure: true})
  // Only a run that parsed is kept: a failed one (a missing host tool, a full disk) is shown and
  // tried again next time.
  if (/Parsing of .*errors\./.test(run.stdout)) writeFileSync(out('bitbake-p.txt'), run.stdout)
  else process.stderr.write(`conformance bitbake: bitbake -p printed no summary line; it printed:\n${run.stdout.slice(-8000)}${run.stderr}\n`)
}
if (!existsSync(out('ref-summary.jsonl'))) {
  step("BitBake's library: every recipe's targets, skip reasons, values and task flags")
  runAs(tree, `${reference} --out ${out('ref-summary.jsonl')}`)
}
const refSummary = readDump(out('ref-summary.jsonl'))
const picked = sample(refSummary)
writeFileSync(out('sample.txt'), picked.map((p) => p.name).join('\n') + '\n')
const sampleFiles = [...new Set(picked.map((p) => p.name.split(':').pop()))]
if (!existsSync(out('ref-all.jsonl'))) {
  step(`BitBake's library: every variable of ${picked.length} sampled targets`)
  runAs(tree, `${reference} --out ${out('ref-all.jsonl')} --all ${out('sample.txt')} ${sampleFiles.map((f) => `--only ${f}`).join(' ')}`)
}
step('tck: every recipe')
runAs(tree, `${tck} --out ${out('tck-summary.jsonl')}`)
step(`tck: every variable of the ${picked.length} sampled targets`)
runAs(tree, `${tck} --out ${out('tck-all.jsonl')} --all ${out('sample.txt')}`)

const summary = compare(refSummary, readDump(out('tck-summary.jsonl')))
const all = compareAll(readDump(out('ref-all.jsonl')), readDump(out('tck-all.jsonl')))
const line = (existsSync(out('bitbake-p.txt')) && /Parsing of .*errors\./.exec(readFileSync(out('bitbake-p.txt'), 'utf8'))?.[0]) || '(no summary line from bitbake -p)'
const counts = /(\d+) targets, (\d+) skipped/.exec(line)
const show = (value: unknown) => (typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value ?? null)).slice(0, 2000)
for (const d of [...summary.differences, ...all.differences]) console.log(`DIFF ${d.recipe} ${d.variable}\n  bitbake: ${show(d.bitbake)}\n  tck:     ${show(d.tck)}`)
const countsDiffer = !counts || Number(counts[1]) !== summary.targets || Number(counts[2]) !== summary.skipped
if (countsDiffer) console.log(`DIFF targets/skipped: bitbake -p says "${line}", tck has ${summary.targets} targets, ${summary.skipped} skipped`)
console.log(`bitbake -p: ${line}`)
console.log(`tck: ${summary.targets} targets, ${summary.skipped} skipped; ${summary.compared} summary values and task flag sets compared, ${summary.differences.length} differ`)
console.log(`tck: ${all.targets} sampled targets (${[...new Set(picked.map((p) => p.kind))].map((kind) => `${kind} ${picked.filter((p) => p.kind === kind).length}`).join(', ')}) + the configuration; ${all.compared} variables compared, ${all.differences.length} differ`)
console.log(`not compared (volatile): ${Object.entries(VOLATILE).map(([name, why]) => `${name} (${why})`).join('; ')}`)
const differences = summary.differences.length + all.differences.length + (countsDiffer ? 1 : 0)
writeFileSync(out('conformance-result.json'), JSON.stringify({differences, compared: summary.compared + all.compared, targets: summary.targets, skipped: summary.skipped, date: new Date().toISOString()}) + '\n')
process.exit(differences > 0 ? 1 : 0)
