/**
 * The report as one self-contained HTML page: inline CSS, inline script, inline SVG; nothing
 * fetched. The data is embedded once, as JSON; the script draws the timeline and the table from it.
 */
import type {BuildReport} from './model.js'
import {pageScript} from './page-script.js'

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')

/** JSON that cannot end its <script> element early, whatever the task ids contain. */
const scriptJson = (value: unknown) =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')

const style = `
:root { --built: #e8913a; --cached: #3f9d5a; --failed: #d2453b; --aborted: #8c5a5a; --skipped: #a0a0a0; color-scheme: light; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 1.5rem auto; max-width: 1120px; padding: 0 1rem; color: #222; }
h1 { font-size: 1.4rem; margin: 0 0 .3rem; } h2 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; }
.ok { color: var(--cached); } .failed { color: var(--failed); }
.legend span { display: inline-block; margin-right: 1rem; } .legend i { display: inline-block; width: .9em; height: .9em; margin-right: .3em; vertical-align: -1px; border-radius: 2px; }
#timeline { width: 100%; height: auto; border: 1px solid #ddd; background: #fff; }
.lane { fill: #fafafa; } .lane.odd { fill: #f1f1f1; } .lane-label, .tick-label { font-size: 11px; fill: #555; } .tick-label { text-anchor: middle; }
.tick { stroke: #e2e2e2; }
.task rect { stroke: #0003; } .task.built rect { fill: var(--built); } .task.cached rect { fill: var(--cached); }
.task.failed rect { fill: var(--failed); } .task.aborted rect { fill: var(--aborted); } .task.skipped rect { fill: var(--skipped); }
.task.critical rect { stroke: #111; stroke-width: 2.5; }
.critical-line { fill: none; stroke: #111; stroke-width: 1.5; stroke-dasharray: 4 3; pointer-events: none; }
.step rect { fill: #7a8fb8; stroke: #0003; } .step-lane { fill: #f5f7fb; }
.bar-label { font-size: 11px; fill: #fff; pointer-events: none; }
table { border-collapse: collapse; width: 100%; } th, td { padding: .25rem .5rem; border-bottom: 1px solid #e5e5e5; text-align: left; }
th { cursor: pointer; user-select: none; background: #f6f6f6; } td.number { text-align: right; font-variant-numeric: tabular-nums; }
th[aria-sort=ascending]::after { content: ' ▲'; } th[aria-sort=descending]::after { content: ' ▼'; }
td.status::before { content: ''; display: inline-block; width: .7em; height: .7em; margin-right: .35em; border-radius: 2px; background: var(--skipped); }
td.status.built::before { background: var(--built); } td.status.cached::before { background: var(--cached); }
td.status.failed::before { background: var(--failed); } td.status.aborted::before { background: var(--aborted); }
tr.critical td:first-child { font-weight: 600; } td.why, td.level { font-size: 12px; color: #444; overflow-wrap: anywhere; }
td.status, td.number { white-space: nowrap; } code { font-size: 13px; }
tr.error-row td { border-bottom: 1px solid #e5e5e5; padding-top: 0; }
pre.error { white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; max-height: 16em; overflow: auto; font-size: 12px;
  background: #fdf1f0; border-left: 3px solid var(--failed); padding: .35rem .6rem; }
`

const legendLabels = {
  built: 'built (cache miss)',
  cached: 'cached (hit)',
  failed: 'failed',
  aborted: 'aborted',
  skipped: 'skipped (a dependency failed, or the build stopped)',
}

export function renderHtml(report: BuildReport): string {
  const counts = Object.entries(report.counts).filter(([, count]) => count > 0).map(([status, count]) => `${count} ${status}`).join(', ')
  const path = report.criticalPath.tasks.map((id) => `<code>${escapeHtml(id)}</code>`).join(' → ') || 'none'
  const legend = Object.entries(legendLabels).map(([status, label]) => `<span><i style="background: var(--${status})"></i>${label}</span>`)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>tck build report: ${report.ok ? 'ok' : 'failed'}, ${escapeHtml(report.finishedAt)}</title>
<style>${style}</style>
</head>
<body>
<header>
<h1>tck build report: <span class="${report.ok ? 'ok' : 'failed'}">${report.ok ? 'ok' : 'failed'}</span></h1>
<p>Finished ${escapeHtml(report.finishedAt)} after ${report.durationMs} ms on ${report.workers} worker${report.workers === 1 ? '' : 's'}: ${counts || 'no tasks'}.</p>
<p>Critical path (${report.criticalPath.durationMs} ms): ${path}</p>
${(report.notes ?? []).map((note) => `<p>${escapeHtml(note)}</p>`).join('\n')}
</header>
<section>
<h2>Timeline</h2>
<p class="legend">${legend.join('')}<span><i style="background: #fff; border: 2px solid #111"></i>critical path</span></p>
<div id="timeline-box"><noscript>The timeline and the task table are drawn by the page's script; latest.md next to this page has the same table as text.</noscript></div>
<p id="not-run"></p>
</section>
<section>
<h2>Tasks</h2>
<table id="tasks">
<thead><tr><th>task</th><th>kind</th><th>status</th><th>cache level</th><th>duration (ms)</th><th>worker</th><th>start (ms)</th><th>end (ms)</th><th>critical</th><th>why it ran</th></tr></thead>
<tbody></tbody>
</table>
</section>
<script type="application/json" id="tck-report">${scriptJson(report)}</script>
<script>${pageScript}</script>
</body>
</html>
`
}
