/**
 * Which resource limits a task gets and how: a cgroup where this machine lets us make one (it
 * limits the whole process tree), else an rlimit set by prlimit inside the sandbox (per process,
 * and RLIMIT_NPROC counts every process of the uid), else nothing — and `describe()` says which.
 */
import type {CgroupLimits, CgroupSupport, Resources} from 'tck'

export interface LimitPlan {
  cgroup?: CgroupLimits
  /** prlimit options, applied to the task's command inside the sandbox. */
  prlimit: string[]
  enforced: string[]
  notEnforced: string[]
}

const isRoot = () => process.getuid?.() === 0

export function planLimits(resources: Resources, support: CgroupSupport, prlimit: string | undefined): LimitPlan {
  const plan: LimitPlan = {prlimit: [], enforced: [], notEnforced: []}
  const cgroup: CgroupLimits = {}
  const fallback = (option: string, what: string) => {
    if (prlimit) {
      plan.prlimit.push(option)
      plan.enforced.push(what)
    } else {
      plan.notEnforced.push(`${what}: prlimit is not installed`)
    }
  }

  if (resources.memoryMiB !== undefined) {
    if (support.usable.memory) cgroup.memoryMiB = resources.memoryMiB
    else fallback(`--as=${Math.floor(resources.memoryMiB * 1024 * 1024)}`, `address space ${resources.memoryMiB} MiB per process (RLIMIT_AS)`)
  }
  if (resources.pids !== undefined) {
    if (support.usable.pids) cgroup.pids = resources.pids
    // The kernel never applies RLIMIT_NPROC to uid 0, capabilities or not.
    else if (isRoot()) plan.notEnforced.push('processes: no pids cgroup, and root ignores RLIMIT_NPROC')
    else fallback(`--nproc=${resources.pids}`, `processes ${resources.pids} for the whole uid (RLIMIT_NPROC)`)
  }
  if (resources.cpuSeconds !== undefined) {
    const seconds = Math.ceil(resources.cpuSeconds)
    // The cgroup's accounting limits the whole task; the rlimit also catches a single runaway
    // process at once (SIGXCPU says why; SIGKILL a second later if the task ignores it).
    if (support.usable.cpuacct) {
      cgroup.cpuSeconds = resources.cpuSeconds
      plan.enforced.push(`cpu time ${resources.cpuSeconds} s for the whole task (cgroup accounting)`)
      if (prlimit) plan.prlimit.push(`--cpu=${seconds}:${seconds + 1}`)
    } else {
      fallback(`--cpu=${seconds}:${seconds + 1}`, `cpu time ${seconds} s per process (RLIMIT_CPU)`)
    }
  }
  if (Object.keys(cgroup).length > 0) plan.cgroup = cgroup
  return plan
}

/** What this machine can enforce, whatever a task asks, for `tck doctor`. */
export function machineLimits(support: CgroupSupport, prlimit: string | undefined): string[] {
  const v = (controller: keyof CgroupSupport['usable']) => `cgroup v${support.usable[controller]?.version}`
  return [
    support.usable.memory ? `memory limit (${v('memory')})` : prlimit ? 'memory limit per process (RLIMIT_AS)' : 'no memory limit',
    support.usable.pids
      ? `process-count limit (${v('pids')})`
      : !isRoot() && prlimit ? 'process-count limit per uid (RLIMIT_NPROC)' : 'no process-count limit',
    [prlimit && 'cpu-time limit per process (RLIMIT_CPU)', support.usable.cpuacct && `whole-task cpu time (${v('cpuacct')} accounting)`]
      .filter(Boolean)
      .join(', ') || 'no cpu-time limit',
  ]
}
