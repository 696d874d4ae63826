/**
 * One task in a bubblewrap sandbox. A tiny shell enters the task's cgroups and then execs bwrap,
 * so the limits hold before the first instruction of the task runs. bwrap reads its options
 * from a pipe (`--args`): the environment it sets would otherwise show in the
 * world-readable /proc/<pid>/cmdline.
 */
import {spawn} from 'node:child_process'
import {existsSync} from 'node:fs'
import {realpath, stat} from 'node:fs/promises'
import type {ExecRequest, ExecResult, TaskCgroup, TckApi} from 'tck'
import {bwrapArgs} from './args.js'
import {planLimits} from './limits.js'
import {afterRun} from './setid.js'
import {writablePaths} from './writable.js'

const ENTER_CGROUPS = 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; shift; exec "$@"'
const CPU_POLL_MS = 200
const SIGXCPU_EXIT = 128 + 24

const warned = new Set<string>()
function warnOnce(api: TckApi, message: string): void {
  if (warned.has(message)) return
  warned.add(message)
  api.log.warn(message)
}

export interface Tools {
  bwrap: string
  prlimit?: string
}

/** Which of `paths` exist, and whether each is a directory (hidden with a tmpfs) or not (with /dev/null). */
async function existing(paths: string[]): Promise<Array<{path: string; directory: boolean}>> {
  const found = await Promise.all(paths.map(async (path) => ({path, info: await stat(path).catch(() => undefined)})))
  return found.filter(({info}) => info).map(({path, info}) => ({path, directory: info!.isDirectory()}))
}

export async function runSandboxed(api: TckApi, tools: Tools, request: ExecRequest, signal: AbortSignal, hide: string[] = []): Promise<ExecResult> {
  const started = performance.now()
  const root = await realpath(request.root ?? request.cwd)
  const cwd = await realpath(request.cwd)
  const support = await api.cgroups.detect()
  const limits = planLimits(request.resources, support, tools.prlimit)
  const writable = await writablePaths(api, root, request.outputs)
  const args = bwrapArgs({
    root,
    cwd,
    writable: writable.dirs,
    files: writable.files,
    hidden: await existing(hide),
    network: request.resources.network === true,
    env: request.env,
    // A network namespace does not cover unix sockets on the filesystem; /run is where daemons keep theirs.
    tmpfs: ['/tmp', '/var/tmp', ...(request.resources.network ? [] : ['/run'])].filter((dir) => existsSync(dir)),
  })
  // bwrap takes only options from --args; the command itself stays on its command line.
  const command = limits.prlimit.length > 0 && tools.prlimit ? [tools.prlimit, ...limits.prlimit, '--', ...request.argv] : request.argv
  const group = limits.cgroup ? await api.cgroups.create(support, limits.cgroup) : undefined
  // A limit the task asked for but this machine cannot hold must not go unnoticed.
  for (const missing of limits.notEnforced) warnOnce(api, `exec-bwrap: a task's limit is not enforced here: ${missing}`)
  api.log.debug(`exec-bwrap: ${request.argv.join(' ')}: limits ${[...(group?.enforced ?? []), ...limits.enforced].join('; ') || 'none'}`)
  try {
    return await supervise(api.processes, request, signal, group, limits.cgroup?.cpuSeconds, [
      '/bin/sh', '-c', ENTER_CGROUPS, 'tck-sandbox', ...(group?.procsFiles ?? []), '--', tools.bwrap, '--args', '3', '--', ...command,
    ], args, started)
  } finally {
    await group?.remove()
    await afterRun(writable)
  }
}

function supervise(
  processes: TckApi['processes'],
  request: ExecRequest,
  signal: AbortSignal,
  group: TaskCgroup | undefined,
  cpuSeconds: number | undefined,
  argv: string[],
  args: string[],
  started: number,
): Promise<ExecResult> {
  return new Promise((resolve) => {
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    const notes: string[] = []
    let overCpu = false
    let done = false
    const stdin = request.stdin === 'inherit' ? 'inherit' : request.stdin ? 'pipe' : 'ignore'
    processes.readyReaper()
    const child = spawn(argv[0], argv.slice(1), {env: {}, stdio: [stdin, 'pipe', 'pipe', 'pipe'], detached: true})
    // bwrap's --die-with-parent holds only from when bwrap has set it up; until then, the reaper's.
    const release = child.pid ? processes.killWithTck(-child.pid) : () => {}
    const kill = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {}
      void group?.kill()
    }
    signal.addEventListener('abort', kill, {once: true})
    const cpuWatch =
      group && cpuSeconds !== undefined
        ? setInterval(async () => {
            if (done || overCpu || (await group.usage()).cpuSeconds <= cpuSeconds) return
            overCpu = true
            notes.push(`cpu time limit of ${cpuSeconds} s for the whole task reached; the sandbox was killed`)
            kill()
          }, CPU_POLL_MS)
        : undefined
    const argsPipe = child.stdio[3] as NodeJS.WritableStream
    argsPipe.on('error', () => {})
    argsPipe.end(Buffer.from(args.map((arg) => `${arg}\0`).join('')))
    if (Buffer.isBuffer(request.stdin)) child.stdin!.end(request.stdin)
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout.push(chunk)
      if (request.stdio === 'inherit') process.stdout.write(chunk)
    })
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr.push(chunk)
      if (request.stdio === 'inherit') process.stderr.write(chunk)
    })
    const finish = async (exitCode: number, signalName?: string) => {
      done = true
      release()
      signal.removeEventListener('abort', kill)
      if (cpuWatch) clearInterval(cpuWatch)
      const usage = await group?.usage()
      if (usage?.oomKills) notes.push(`memory limit reached: the kernel killed ${usage.oomKills} process(es) of the task`)
      if (usage?.pidsDenied) notes.push(`process-count limit reached: ${usage.pidsDenied} fork(s) refused`)
      const overRlimitCpu = exitCode === SIGXCPU_EXIT && request.resources.cpuSeconds !== undefined
      if (overRlimitCpu) notes.push(`cpu time limit of ${request.resources.cpuSeconds} s per process reached (RLIMIT_CPU)`)
      // bwrap reports a task killed by a signal as 128 + n; a kill we can explain is a signal, not an exit code.
      const killed = overRlimitCpu ? 'SIGXCPU' : exitCode === 137 && (usage?.oomKills || overCpu) ? 'SIGKILL' : signalName
      for (const note of notes) stderr.push(Buffer.from(`tck exec-bwrap: ${note}\n`))
      resolve({
        exitCode,
        signal: killed,
        stdout: Buffer.concat(stdout),
        stderr: Buffer.concat(stderr),
        durationMs: Math.round(performance.now() - started),
      })
    }
    child.on('error', (error) => {
      stderr.push(Buffer.from(`${argv[0]}: ${error.message}\n`))
      void finish(127)
    })
    child.on('close', (code, signalName) => void finish(code ?? 128, signalName ?? undefined))
  })
}
