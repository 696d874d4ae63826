import test from 'ava'
import {cpSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {CHROMIUM, renderedDom} from '../helpers/chromium.js'
import {isolatedEnv, repoRoot, tck, tempDir} from '../helpers/cli.js'
import {requireProgram} from '../helpers/programs.js'

interface ReportJson {
  ok: boolean
  workers: number
  criticalPath: {tasks: string[]}
  tasks: Array<{id: string; status: string; deps: string[]; critical: boolean; worker: number}>
}

test('every build writes JSON, Markdown and an HTML page whose timeline shows every task', async (t) => {
  if (!requireProgram(t, CHROMIUM, 'chromium')) return
  const dir = join(tempDir('tck-report-'), 'project')
  cpSync(join(repoRoot, 'fixtures', 'query-project'), dir, {recursive: true})
  const env = isolatedEnv()
  const first = await tck(['build', '-j', '2', '--progress', 'none'], {cwd: dir, env})
  t.is(first.code, 0, first.stderr)
  const reports = join(dir, '.tck', 'reports')
  const report = JSON.parse(readFileSync(join(reports, 'latest.json'), 'utf8')) as ReportJson
  t.true(report.ok)
  t.is(report.tasks.length, 8)
  t.true(report.tasks.every((task) => task.worker === 0 || task.worker === 1))

  // The critical path is a chain of dependencies that ends in a task nothing depends on.
  const path = report.criticalPath.tasks
  t.true(path.length >= 2)
  const byId = new Map(report.tasks.map((task) => [task.id, task]))
  for (let i = 1; i < path.length; i++) t.true(byId.get(path[i])!.deps.includes(path[i - 1]), `${path[i - 1]} -> ${path[i]}`)
  t.false(report.tasks.some((task) => task.deps.includes(path.at(-1)!)))
  t.regex(readFileSync(join(reports, 'latest.md'), 'utf8'), /\| `app:link` \| link \| built \|/)

  const dom = await renderedDom(join(reports, 'latest.html'))
  t.regex(dom, /data-rendered="8"/)
  const bars = new Map([...dom.matchAll(/<g class="task ([^"]+)" data-task="([^"]+)">/g)].map((match) => [match[2], match[1].split(' ')]))
  for (const task of report.tasks) {
    const classes = bars.get(task.id)
    t.truthy(classes, `${task.id} is on the timeline`)
    t.true(classes!.includes(task.status), `${task.id} is coloured as ${task.status}`)
    t.is(classes!.includes('critical'), task.critical, `${task.id} critical`)
  }
  t.regex(dom, /<polyline [^>]*class="critical-line"/)

  // A second build restores everything: the page colours every bar as a cache hit.
  const second = await tck(['build', '-j', '2', '--progress', 'none'], {cwd: dir, env})
  t.is(second.code, 0, second.stderr)
  const cachedDom = await renderedDom(join(reports, 'latest.html'))
  const statuses = [...cachedDom.matchAll(/<g class="task ([a-z]+)[^"]*" data-task="([^"]+)">/g)].map((match) => `${match[2]} ${match[1]}`)
  t.is(statuses.length, 8)
  t.deepEqual(statuses.filter((line) => !line.endsWith(' cached')), ['app:test built'])
  // The table says why the one task that ran was not taken from the cache.
  t.regex(cachedDom, /<tr class="[^"]*" data-task="app:test">.*<td class="why">ran with the same key as its run at [^<]*: it is not cacheable, so it runs every time<\/td><\/tr>/)
})
