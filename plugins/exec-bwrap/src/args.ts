/** bubblewrap's options for one task: what it sees, what it may write, what it keeps. The command follows them. */

export interface SandboxPlan {
  /** Real path of the project root; mounted read-only again after /tmp is replaced. */
  root: string
  cwd: string
  writable: string[]
  /** Output files at the project root, each bound writable on its own. */
  files: string[]
  /** Existing paths the task must not read: directories get an empty tmpfs, files /dev/null. */
  hidden: Array<{path: string; directory: boolean}>
  network: boolean
  env: Record<string, string>
  /** Extra empty directories (private tmp), each a fresh tmpfs. */
  tmpfs: string[]
}

/** The parts of /proc that change the host, not the sandbox; bwrap itself covers only irq and bus. */
export const HOST_WRITING_PROC = ['/proc/sys', '/proc/sysrq-trigger', '/proc/irq', '/proc/bus', '/proc/fs', '/proc/acpi', '/proc/driver', '/proc/mtrr']

export function bwrapArgs(plan: SandboxPlan): string[] {
  const args = [
    '--die-with-parent',
    '--new-session',
    // Every namespace (pid, ipc, uts, cgroup, network, user); the network comes back only on request.
    '--unshare-all',
    ...(plan.network ? ['--share-net'] : []),
    // As root, bwrap would otherwise keep every capability, and CAP_SYS_ADMIN can remount / read-write.
    '--unshare-user',
    '--disable-userns',
    '--cap-drop',
    'ALL',
    '--ro-bind', '/', '/',
    '--dev', '/dev',
    '--proc', '/proc',
    // A fresh /proc still writes the host's kernel settings: /proc/sys is not per namespace.
    ...HOST_WRITING_PROC.flatMap((path) => ['--ro-bind-try', path, path]),
  ]
  for (const dir of plan.tmpfs) args.push('--tmpfs', dir)
  // The project may live under /tmp, which is private now: mount it again, read-only.
  args.push('--ro-bind', plan.root, plan.root)
  if (!plan.cwd.startsWith(`${plan.root}/`) && plan.cwd !== plan.root) args.push('--ro-bind', plan.cwd, plan.cwd)
  for (const dir of plan.writable) args.push('--bind', dir, dir)
  for (const file of plan.files) args.push('--bind', file, file)
  // Last, so no bind above can expose a hidden path again.
  for (const {path, directory} of plan.hidden) args.push(...(directory ? ['--tmpfs', path, '--remount-ro', path] : ['--ro-bind', '/dev/null', path]))
  args.push('--chdir', plan.cwd, '--clearenv')
  for (const [name, value] of Object.entries(plan.env)) args.push('--setenv', name, value)
  return args
}
