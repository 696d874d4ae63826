/** Whether bubblewrap works on this machine and what it enforces here, probed once per process. */
import {execFile} from 'node:child_process'
import type {ExecutorInfo, TckApi} from 'tck'
import {machineLimits} from './limits.js'
import type {Tools} from './run.js'

const PROBE_TIMEOUT_MS = 10_000

function canCreateNamespaces(bwrap: string): Promise<string | undefined> {
  const probe = ['--unshare-all', '--unshare-user', '--disable-userns', '--cap-drop', 'ALL', '--die-with-parent', '--ro-bind', '/', '/', '--', '/bin/true']
  return new Promise((resolve) => {
    execFile(bwrap, probe, {timeout: PROBE_TIMEOUT_MS, encoding: 'utf8', env: {}}, (error, _stdout, stderr) => {
      resolve(error ? stderr.trim() || error.message : undefined)
    })
  })
}

export interface Probe {
  info: ExecutorInfo
  tools?: Tools
}

export async function probe(api: TckApi): Promise<Probe> {
  const bwrap = api.which('bwrap')
  if (!bwrap) {
    return {info: {available: false, reason: 'bwrap is not on PATH (Debian/Ubuntu: apt-get install bubblewrap)', enforces: []}}
  }
  const problem = await canCreateNamespaces(bwrap)
  if (problem) {
    return {info: {available: false, reason: `bwrap cannot create its namespaces here: ${problem}`, enforces: []}}
  }
  const prlimit = api.which('prlimit')
  const support = await api.cgroups.detect()
  const enforces = [
    'host read-only (--ro-bind / /), /proc/sys and the other host-writing parts of /proc too',
    'writable: declared output directories, root-level output files alone, and a private /tmp only',
    'hidden: credentials (~/.ssh, ~/.gnupg, ~/.npmrc, cloud credentials, /etc/shadow; plugins.exec-bwrap.hide)',
    'no setuid or setgid file leaves the sandbox (stripped after the run)',
    'no network unless the task sets network (--unshare-all, then --share-net on request)',
    'environment: only the task\'s variables (--clearenv)',
    'own pid namespace, no capabilities, --die-with-parent',
    ...machineLimits(support, prlimit),
  ]
  return {info: {available: true, enforces}, tools: {bwrap, prlimit}}
}
