import test from 'ava'
import {readdirSync, readFileSync, readlinkSync} from 'node:fs'
import {join} from 'node:path'
import {criticalPath} from '../../core/reports/critical.js'
import {renderHtml} from '../../core/reports/html.js'
import {renderMarkdown} from '../../core/reports/markdown.js'
import {buildReport, type BuildReport} from '../../core/reports/model.js'
import type {BuildContext, Graph} from '../../core/pipeline.js'
import {KEPT_REPORTS, writeReports} from '../../core/reports/write.js'
import {tempDir} from '../helpers/cli.js'

test('the critical path is the dependency chain with the largest total duration', (t) => {
  const path = criticalPath([
    {id: 'fetch', deps: [], durationMs: 10},
    {id: 'slow', deps: ['fetch'], durationMs: 50},
    {id: 'fast', deps: ['fetch'], durationMs: 5},
    {id: 'other', deps: [], durationMs: 40},
    {id: 'link', deps: ['fast', 'slow', 'other'], durationMs: 7},
    {id: 'docs', deps: ['other'], durationMs: 20},
  ])
  t.deepEqual(path, {tasks: ['fetch', 'slow', 'link'], durationMs: 67})
})

test('the critical path ignores dependencies outside the executed set and is empty for no tasks', (t) => {
  t.deepEqual(criticalPath([{id: 'a', deps: ['gone'], durationMs: 3}]), {tasks: ['a'], durationMs: 3})
  t.deepEqual(criticalPath([]), {tasks: [], durationMs: 0})
})

function sampleReport(finishedAt: string, id = 'a'): BuildReport {
  return {
    format: 1,
    finishedAt,
    durationMs: 12,
    ok: true,
    workers: 1,
    counts: {built: 1, cached: 0, failed: 0, skipped: 0, aborted: 0},
    criticalPath: {tasks: [id], durationMs: 10},
    tasks: [{id, kind: 'task', status: 'built', durationMs: 10, startedAt: 1, endedAt: 11, worker: 0, deps: [], critical: true}],
  }
}

test('task ids cannot break out of the HTML page or the Markdown table', (t) => {
  const hostile = 'x</script><img src=y>|z'
  const html = renderHtml(sampleReport('2026-01-01T00:00:00.000Z', hostile))
  t.false(html.includes('</script><img'))
  t.is(html.match(/<\/script>/g)?.length, 2)
  t.true(html.includes('x&lt;/script&gt;&lt;img src=y&gt;|z'))
  t.false(/<(link|img)\b|\bsrc=|https?:\/\//i.test(html.replace(/&lt;img src=y&gt;/g, '').replace(/\\u003cimg src=y\\u003e/g, '').replace('http://www.w3.org/2000/svg', '')))
  t.true(renderMarkdown(sampleReport('2026-01-01T00:00:00.000Z', hostile)).includes('x</script><img src=y>\\|z'))
})

test('reports are kept for the last few builds, latest.* pointing at the newest', async (t) => {
  const root = tempDir('tck-reports-')
  for (let second = 10; second < 10 + KEPT_REPORTS + 2; second++) {
    await writeReports(root, sampleReport(`2026-01-01T00:00:${second}.000Z`))
  }
  const dir = join(root, '.tck', 'reports')
  const files = readdirSync(dir).sort()
  t.is(files.filter((file) => file.endsWith('.html')).length, KEPT_REPORTS + 1)
  t.false(files.includes('build-2026-01-01T00-00-10-000Z.json'))
  t.is(readlinkSync(join(dir, 'latest.json')), 'build-2026-01-01T00-00-16-000Z.json')
  t.is(JSON.parse(readFileSync(join(dir, 'latest.json'), 'utf8')).finishedAt, '2026-01-01T00:00:16.000Z')
  t.false(files.some((file) => file.endsWith('.tmp')))
})

test('a failed build reports the error, leaves skipped tasks off the critical path and the lanes', (t) => {
  const tasks = new Map([
    ['gen', {id: 'gen', kind: 'fetch', deps: [] as string[]}],
    ['cc', {id: 'cc', kind: 'compile', deps: ['gen']}],
    ['ld', {id: 'ld', kind: 'link', deps: ['cc']}],
  ]) as unknown as Graph['tasks']
  const summary = {
    context: {root: '/nowhere', config: {} as BuildContext['config'], options: {}},
    durationMs: 30,
    ok: false,
    outcomes: [
      {id: 'gen', status: 'built' as const, durationMs: 10, startedAt: 0, endedAt: 10, worker: 0},
      {id: 'cc', status: 'failed' as const, durationMs: 20, startedAt: 10, endedAt: 30, worker: 1, error: 'task "cc" exited with code 1:\nerror: x.c:3'},
      {id: 'ld', status: 'skipped' as const, durationMs: 0},
    ],
  }
  const report = buildReport(summary, {tasks, order: ['gen', 'cc', 'ld']}, new Date('2026-01-01T00:00:00Z'))
  t.deepEqual(report.criticalPath, {tasks: ['gen', 'cc'], durationMs: 30})
  t.is(report.workers, 2)
  t.deepEqual(report.counts, {built: 1, cached: 0, failed: 1, skipped: 1, aborted: 0})
  const markdown = renderMarkdown(report)
  t.regex(markdown, /- result: \*\*failed\*\*/)
  t.regex(markdown, /\| `cc` \| compile \| failed \| {2}\| 20 \| 1 \| 10 \| 30 \| ● \|/)
  t.regex(markdown, /\| `ld` \| link \| skipped \| {2}\| 0 \| {2}\| {2}\| {2}\| {2}\|/)
  t.regex(markdown, /## Errors\n\n`cc` failed:\n\n```\ntask "cc" exited with code 1:\nerror: x\.c:3\n```\n$/, 'the whole error, stderr tail included')
})

test('an error holding backticks cannot close its Markdown code block early', (t) => {
  const summary = {
    context: {root: '/nowhere', config: {} as BuildContext['config'], options: {}},
    durationMs: 1,
    ok: false,
    outcomes: [{id: 'x', status: 'failed' as const, durationMs: 1, error: 'a ``` b ```` c'}],
  }
  const markdown = renderMarkdown(buildReport(summary, undefined, new Date('2026-01-01T00:00:00Z')))
  t.regex(markdown, /\n`````\na ``` b ```` c\n`````\n$/)
})
