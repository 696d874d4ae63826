/** bubblewrap's options for one task: what it sees, what it may write, what it keeps. The command follows them. */

export interface SandboxPlan {
  /** Real path of the project root; mounted read-only again after /tmp is replaced. */
  root: string
  cwd: string
  writable: string[]
  network: boolean
  env: Record<string, string>
  /** Extra empty directories (private tmp), each a fresh tmpfs. */
  tmpfs: string[]
}

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
  ]
  for (const dir of plan.tmpfs) args.push('--tmpfs', dir)
  // The project may live under /tmp, which is private now: mount it again, read-only.
  args.push('--ro-bind', plan.root, plan.root)
  if (!plan.cwd.startsWith(`${plan.root}/`) && plan.cwd !== plan.root) args.push('--ro-bind', plan.cwd, plan.cwd)
  for (const dir of plan.writable) args.push('--bind', dir, dir)
  args.push('--chdir', plan.cwd, '--clearenv')
  for (const [name, value] of Object.entries(plan.env)) args.push('--setenv', name, value)
  return args
}
