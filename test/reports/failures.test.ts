/** The HTML report of a build with failures: whole errors, every column on the page, a legend for all, the cache level of a hit. */
import test from 'ava'
import {readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {CHROMIUM, renderedDom} from '../helpers/chromium.js'
import {isolatedEnv, tck} from '../helpers/cli.js'
import {projectWith} from '../helpers/project.js'
import {requireProgram} from '../helpers/programs.js'

const longMessage = Array.from({length: 80}, (_, index) => `word${index}`).join(' ')

const config = `export default {
  tasks: {
    ok: {run: 'mkdir -p out && echo ok > out/ok.txt', outputs: ['out/ok.txt']},
    noisy: {run: 'echo first >&2; echo second-line-token >&2; exit 1'},
    long: {run: 'true', attrs: {explode: 'yes'}},
    after: {run: 'true', deps: ['noisy']},
  },
  register({pipeline}) {
    pipeline.beforeExecute.tap((request, {task}) => {
      if (task.attrs.explode) throw new Error(${JSON.stringify(longMessage)})
    })
  },
}
`

/** A page that shows the report in a 1200 px frame and records, in its own DOM, whether anything overflows it. */
function layoutProbe(dir: string, report: string): string {
  const probe = join(dir, 'probe.html')
  writeFileSync(probe, `<!doctype html><body><iframe id="f" src="${report}" style="width:1200px;height:900px;border:0"></iframe>
<script>
document.getElementById('f').addEventListener('load', function () {
  var page = document.getElementById('f').contentDocument
  var why = page.querySelector('#tasks thead th:last-child').getBoundingClientRect()
  document.body.setAttribute('data-page-width', String(page.documentElement.clientWidth))
  document.body.setAttribute('data-scroll-width', String(page.documentElement.scrollWidth))
  document.body.setAttribute('data-why-right', String(Math.round(why.right)))
})
</script></body>`)
  return probe
}

test('a failed task shows its whole error under its row, without pushing "why it ran" off the page', async (t) => {
  if (!requireProgram(t, CHROMIUM, 'chromium')) return
  const dir = projectWith({'tck.config.mjs': config})
  const env = isolatedEnv()
  const first = await tck(['build', '-k', '--progress', 'none'], {cwd: dir, env})
  t.is(first.code, 1, first.stderr)
  // Forget what the first build left in place, so the hit comes from the cache level, as on a fresh clone.
  rmSync(join(dir, '.tck', 'results.json'), {force: true})
  const second = await tck(['build', '-k', '--progress', 'none'], {cwd: dir, env})
  t.is(second.code, 1, second.stderr)

  const reports = join(dir, '.tck', 'reports')
  const report = JSON.parse(readFileSync(join(reports, 'latest.json'), 'utf8')) as {tasks: Array<{id: string; status: string; cacheLevel?: string}>}
  const ok = report.tasks.find((task) => task.id === 'ok')!
  t.is(ok.status, 'cached')
  t.is(ok.cacheLevel, join(env.XDG_CACHE_HOME!, 'tck'), 'the level that served the hit')

  const dom = await renderedDom(join(reports, 'latest.html'))
  t.regex(dom, /<pre class="error">task "noisy" exited with code 1:\nfirst\nsecond-line-token<\/pre>/, 'the stderr tail, not only the first line')
  t.regex(dom, new RegExp(`<pre class="error">[^<]*${longMessage}</pre>`))
  t.regex(dom, /<tr class="[^"]*" data-task="ok">.*<td class="level">[^<]*\/tck<\/td>/, 'the cache level of the hit')
  t.regex(dom, /<td class="status failed">failed<\/td>/, 'the status cell holds the status only')
  t.regex(dom, /<p class="legend">.*<\/i>skipped[^<]*<\/span>/, 'skipped has a legend entry')
  t.regex(readFileSync(join(reports, 'latest.md'), 'utf8'), /## Errors[\s\S]*`noisy` failed:\n\n```\ntask "noisy" exited with code 1:\nfirst\nsecond-line-token\n```/)

  const probe = await renderedDom(layoutProbe(dir, '.tck/reports/latest.html'), ['--allow-file-access-from-files', '--window-size=1280,1000', '--virtual-time-budget=10000'])
  const number = (name: string) => Number(new RegExp(`data-${name}="(\\d+)"`).exec(probe)?.[1] ?? Number.NaN)
  t.false(Number.isNaN(number('page-width')), 'the probe measured the page')
  t.true(number('scroll-width') <= number('page-width'), `nothing wider than the page: ${number('scroll-width')} > ${number('page-width')}`)
  t.true(number('why-right') <= number('page-width'), '"why it ran" is on the page')
})
