/**
 * Reports on disk: `.tck/reports/build-<time>.{json,md,html}` for the last few builds, and
 * `latest.*` pointing at the newest. Every file is written whole (temp file + rename).
 */
import {readdir, rename, rm, symlink} from 'node:fs/promises'
import {join} from 'node:path'
import {atomicWriteFile, tempPathFor} from '../io/atomic.js'
import {renderHtml} from './html.js'
import {renderMarkdown} from './markdown.js'
import type {BuildReport} from './model.js'

/** Builds whose reports are kept, the newest included. */
export const KEPT_REPORTS = 5

const formats: Array<[extension: string, render: (report: BuildReport) => string]> = [
  ['json', (report) => `${JSON.stringify(report)}\n`],
  ['md', renderMarkdown],
  ['html', renderHtml],
]

export function reportsDir(root: string): string {
  return join(root, '.tck', 'reports')
}

/** Replaces `link` with a symlink to `target` in one rename, so `latest.*` is never missing. */
async function pointAt(link: string, target: string): Promise<void> {
  const temp = tempPathFor(link)
  await symlink(target, temp)
  try {
    await rename(temp, link)
  } catch (error) {
    await rm(temp, {force: true})
    throw error
  }
}

export async function writeReports(root: string, report: BuildReport): Promise<Record<string, string>> {
  const dir = reportsDir(root)
  const stamp = `build-${report.finishedAt.replace(/[:.]/g, '-')}`
  const written: Record<string, string> = {}
  for (const [extension, render] of formats) {
    const file = `${stamp}.${extension}`
    await atomicWriteFile(join(dir, file), render(report))
    await pointAt(join(dir, `latest.${extension}`), file)
    written[extension] = join(dir, file)
  }
  await prune(dir)
  return written
}

/** Drops all but the newest KEPT_REPORTS builds; the stamp sorts by time. */
async function prune(dir: string): Promise<void> {
  const stamps = new Set<string>()
  for (const name of await readdir(dir)) {
    const match = /^(build-[0-9TZ-]+)\.(json|md|html)$/.exec(name)
    if (match) stamps.add(match[1])
  }
  const old = [...stamps].sort().slice(0, Math.max(0, stamps.size - KEPT_REPORTS))
  await Promise.all(old.flatMap((stamp) => formats.map(([extension]) => rm(join(dir, `${stamp}.${extension}`), {force: true}))))
}
