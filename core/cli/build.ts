/**
 * What `tck build` does once its flags are read — shared by the oclif command and tck's fast
 * start (core/fast.ts), so both run exactly the same build.
 */
import {TckError} from '../errors.js'
import {formatExplanation} from '../explain/explanation.js'
import {buildExplanations} from '../explain/record.js'
import type {Build, BuildResult} from '../engine/build.js'
import type {Host} from '../host.js'
import {progressView, type ProgressMode} from '../progress/index.js'

export interface BuildFlags {
  targets: string[]
  jobs?: number
  keepGoing: boolean
  explain: boolean
  progress: ProgressMode
  json: boolean
}

/** How the command speaks: plain lines, or (with --json) one JSON object per line on stdout. */
export interface CommandOutput {
  log(line: string): void
  logToStderr(line: string): void
  logJson(value: unknown): void
}

/** Exit status of a build stopped by a signal, as shells report it: 128 + the signal number. */
const signalExitCodes: Record<string, number> = {SIGINT: 130, SIGTERM: 143}

/** Runs the build; sets process.exitCode, or throws the TckError to report. Gives the build and its result. */
export async function runBuildCommand(host: Host, flags: BuildFlags, out: CommandOutput): Promise<{build: Build; summary: BuildResult}> {
  const {json} = flags
  const interrupt = new AbortController()
  let stoppedBy: string | undefined
  // The first signal stops the build cleanly; a second one gives up waiting.
  const onSignal = (signal: NodeJS.Signals) => {
    if (stoppedBy) process.exit(signalExitCodes[stoppedBy])
    stoppedBy = signal
    interrupt.abort()
  }
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  try {
    const build = host.build({options: {jobs: flags.jobs}})
    const summary = await build.run({
      targets: flags.targets,
      jobs: flags.jobs,
      keepGoing: flags.keepGoing,
      stdio: 'capture',
      signal: interrupt.signal,
      onEvent: progressView(json ? 'json' : flags.progress),
    })
    if (flags.explain) {
      const explanations = buildExplanations(build)
      if (json) out.logJson({type: 'explain', explanations})
      else out.log(explanations.map(formatExplanation).join('\n') || 'explain: no task ran: every one came from the cache')
    }
    if (summary.interrupted) {
      process.exitCode = signalExitCodes[stoppedBy ?? 'SIGINT']
      if (!json) out.logToStderr(`tck: interrupted by ${stoppedBy}: running tasks were stopped and their outputs removed`)
      return {build, summary}
    }
    if (summary.ok) return {build, summary}
    const [first, ...rest] = summary.errors
    const failure = rest.length === 0 && first instanceof TckError ? first : new TckError('TASK_FAILED', summary.errors.map((error) => error.message).join('\n'))
    // With --json the build-end event already carries the errors; only the exit code is left to say.
    if (!json) throw failure
    process.exitCode = failure.exitCode
    return {build, summary}
  } finally {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
  }
}
