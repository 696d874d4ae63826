/**
 * Ninja's `.ninja_log` (format v5: start, end, mtime, output, command hash, tab-separated, times in
 * ms from the start of that ninja run): the lines a build appended are its compile and link steps,
 * for the report's timeline. Make keeps no such log, so a Make build has no steps.
 */
import {execFile} from 'node:child_process'
import {open, stat} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import {promisify} from 'node:util'
import type {CMakeTarget} from './file-api.js'

export interface NinjaStep {
  output: string
  startMs: number
  endMs: number
  /** The CMake target the step belongs to, when known. */
  target?: string
}

export const ninjaLogPath = (buildPath: string) => join(buildPath, '.ninja_log')

/** Where the log ends now: the steps of the next run are the lines after it. */
export async function logSize(buildPath: string): Promise<number> {
  return (await stat(ninjaLogPath(buildPath)).catch(() => undefined))?.size ?? 0
}

/** `lib/CMakeFiles/greet.dir/src/greet.cpp.o` is target greet's; an artifact is its target's link step. */
export function targetOf(output: string, artifacts: Map<string, string>): string | undefined {
  return /(?:^|\/)CMakeFiles\/([^/]+)\.dir\//.exec(output)?.[1] ?? artifacts.get(output)
}

/**
 * The steps logged after `offset`. A log Ninja recompacted meanwhile (it rewrites it with one line
 * per output) is read whole, keeping the outputs written since `sinceMs` by their logged mtime.
 */
export async function stepsSince(buildPath: string, offset: number, targets: CMakeTarget[] = [], sinceMs = 0): Promise<NinjaStep[]> {
  let text: string
  let recompacted = false
  try {
    const file = await open(ninjaLogPath(buildPath))
    try {
      const {size} = await file.stat()
      recompacted = size < offset
      const from = recompacted ? 0 : offset
      const buffer = Buffer.alloc(size - from)
      await file.read(buffer, 0, buffer.length, from)
      text = buffer.toString('utf8')
    } finally {
      await file.close()
    }
  } catch {
    return []
  }
  const artifacts = new Map(targets.flatMap((target) => target.artifacts.map((artifact) => [artifact, target.name] as const)))
  const steps: NinjaStep[] = []
  for (const line of text.split('\n')) {
    const fields = line.split('\t')
    if (line.startsWith('#') || fields.length < 5) continue
    const [start, end, mtime, output] = fields
    // Ninja logs mtimes in nanoseconds.
    if (recompacted && Number(mtime) / 1e6 < sinceMs) continue
    const step: NinjaStep = {output, startMs: Number(start), endMs: Number(end), target: targetOf(output, artifacts)}
    if (Number.isFinite(step.startMs) && Number.isFinite(step.endMs)) steps.push(step)
  }
  return steps
}

/**
 * Every file Ninja's deps log says a step read (sources and headers, from the compilers' depfiles),
 * once each: what a no-change record must see unchanged for `cmake --build` to have nothing to do.
 */
export async function ninjaDeps(ninja: string, buildPath: string): Promise<string[]> {
  const {stdout} = await promisify(execFile)(ninja, ['-C', buildPath, '-t', 'deps'], {maxBuffer: 256 << 20, encoding: 'utf8'})
  const files = new Set<string>()
  for (const line of stdout.split('\n')) if (line.startsWith('    ')) files.add(resolve(buildPath, line.slice(4)))
  return [...files]
}
