/**
 * What a task starts dies with tck, even when tck is killed with SIGKILL and no handler of its own
 * runs. One small sh process per tck process (started with the first task, in a session of its
 * own so a terminal's Ctrl-C leaves it be) reads a pipe only tck writes to: tck names each task's
 * process group (or a terminal program's pid) on it when the task starts, and again when it ends.
 * However tck ends, the kernel closes its end of the pipe; the reaper reads end-of-file and kills
 * what is still named. Executors name what they spawn themselves: exec-local's tasks with output
 * streamed to the terminal, a chosen argv[0] or the terminal, and exec-bwrap's sandboxes (bwrap's
 * own --die-with-parent is set only once bwrap has started: a tck killed before then left the
 * sandbox running). exec-local's shell workers have their own parent-death signal.
 *
 * Measured (20,000 tasks, load 19-20 on 2 cores): a task costs 6 us of tck's wall time (2.7 us of
 * its CPU) for the two writes and 6-9 us of the reaper's CPU; starting the reaper, once per tck
 * process, ≈ 2 ms. `setpriv --pdeathsig` around each task would be one more exec per task, and
 * its signal reaches only the direct child: gcc's cc1, as and ld would live on.
 */
import {spawn, type ChildProcess} from 'node:child_process'

/** `+ T` adds, `- T` removes (T as `kill` takes it: -pgid or pid); at end of input, T's still named are killed. */
const REAPER = `
live=' '
while read -r op target; do
  case $op in
    +) live="$live$target " ;;
    -) case $live in *" $target "*) live="\${live%% $target *} \${live#* $target }" ;; esac ;;
  esac
done
for target in $live; do kill -s KILL -- "$target" 2>/dev/null; done
`

let reaper: ChildProcess | undefined

function startReaper(): ChildProcess | undefined {
  let child: ChildProcess
  try {
    child = spawn('/bin/sh', ['-c', REAPER], {detached: true, stdio: ['pipe', 'ignore', 'ignore']})
  } catch {
    return undefined // out of processes: the task's own spawn will say so
  }
  const forget = () => {
    if (reaper === child) reaper = undefined
  }
  // A reaper that could not start, or was killed, is replaced at the next task; tck goes on meanwhile.
  child.on('error', forget).on('exit', forget)
  child.stdin!.on('error', forget)
  // Neither the reaper nor its pipe keeps tck running.
  child.unref()
  ;(child.stdin as unknown as {unref(): void}).unref()
  return child
}

/**
 * Called before a task is spawned: starting the reaper takes milliseconds under load, and a tck
 * killed in that time, after the task started but before it was named, would leave it running.
 * Named right after the spawn returns, a task is unprotected only for microseconds of JavaScript.
 */
export function readyReaper(): void {
  reaper ??= startReaper()
}

/**
 * Has `target` killed when tck ends before the returned release is called: `-pgid` for a task in
 * its own process group, a pid for a program that shares tck's.
 */
export function killWithTck(target: number): () => void {
  const pipe = (reaper ??= startReaper())?.stdin
  if (!pipe?.writable) return () => {}
  pipe.write(`+ ${target}\n`)
  return () => {
    if (pipe.writable) pipe.write(`- ${target}\n`)
  }
}
