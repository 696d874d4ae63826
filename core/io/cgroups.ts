/**
 * Linux control groups for sandboxed tasks: which layout this machine has (v1, v2 or hybrid),
 * which controllers accept a child group under this process's own group and enforce a limit
 * there (one group per task: cgroup-task.ts). Detection probes for real (mkdir, write a limit,
 * rmdir) because a mounted controller proves nothing: a container or a non-root user usually
 * cannot create groups, and a v2 controller is useless until the parent delegates it.
 */
import {mkdir, readFile, rmdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'

export type CgroupController = 'memory' | 'pids' | 'cpuacct'
const CONTROLLERS: CgroupController[] = ['memory', 'pids', 'cpuacct']

export interface CgroupSupport {
  layout: 'v1' | 'v2' | 'hybrid' | 'none'
  /** Controllers that accept a child group here, with the directory new groups go under. */
  usable: Partial<Record<CgroupController, {version: 1 | 2; parent: string}>>
  /** Why a controller is not usable, for `tck doctor`. */
  notes: string[]
}

export interface CgroupLimits {
  memoryMiB?: number
  pids?: number
  /** Accounting only: the caller polls `usage()` and kills the group over its CPU budget. */
  cpuSeconds?: number
}

interface Mount {
  dir: string
  root: string
  version: 1 | 2
  controllers: string[]
}

const read = (file: string) => readFile(file, 'utf8').catch(() => '')

async function mounts(): Promise<Mount[]> {
  const found: Mount[] = []
  for (const line of (await read('/proc/self/mountinfo')).split('\n')) {
    const [left, right] = line.split(' - ')
    if (!right) continue
    const [fstype, , superOptions] = right.split(' ')
    const fields = left.split(' ')
    if (fstype === 'cgroup') found.push({dir: fields[4], root: fields[3], version: 1, controllers: superOptions.split(',')})
    if (fstype === 'cgroup2') found.push({dir: fields[4], root: fields[3], version: 2, controllers: []})
  }
  return found
}

/** This process's group path per hierarchy: `''` for v2, the controller list for v1. */
async function ownGroups(): Promise<Map<string, string>> {
  const groups = new Map<string, string>()
  for (const line of (await read('/proc/self/cgroup')).split('\n')) {
    const match = /^\d+:([^:]*):(.*)$/.exec(line)
    if (!match) continue
    for (const controller of match[1] === '' ? [''] : match[1].split(',')) groups.set(controller, match[2])
  }
  return groups
}

function groupDir(mount: Mount, path: string): string {
  const inside = mount.root !== '/' && path.startsWith(mount.root) ? path.slice(mount.root.length) : path
  return join(mount.dir, inside)
}

const limitFiles: Record<1 | 2, Record<CgroupController, [file: string, probeValue: string] | undefined>> = {
  1: {memory: ['memory.limit_in_bytes', String(1 << 30)], pids: ['pids.max', '4096'], cpuacct: undefined},
  2: {memory: ['memory.max', String(1 << 30)], pids: ['pids.max', '4096'], cpuacct: undefined},
}

/** A controller is usable when a child group can be made under `parent` and its limit written. */
async function probe(parent: string, version: 1 | 2, controller: CgroupController): Promise<string | undefined> {
  const dir = join(parent, `tck-probe-${process.pid}-${controller}`)
  try {
    await mkdir(dir)
  } catch (error) {
    return `${controller}: cannot create a group under ${parent} (${(error as NodeJS.ErrnoException).code})`
  }
  try {
    const limit = limitFiles[version][controller]
    if (limit) await writeFile(join(dir, limit[0]), limit[1])
    else if (!(await read(join(dir, version === 1 ? 'cpuacct.usage' : 'cpu.stat')))) return `${controller}: no CPU accounting in ${dir}`
    return undefined
  } catch (error) {
    return `${controller}: ${parent} does not accept a limit (${(error as NodeJS.ErrnoException).code})`
  } finally {
    await rmdir(dir).catch(() => {})
  }
}

async function detect(): Promise<CgroupSupport> {
  const all = await mounts()
  const own = await ownGroups()
  const v1 = all.filter((mount) => mount.version === 1)
  const v2 = all.find((mount) => mount.version === 2)
  const layout = v1.length > 0 && v2 ? 'hybrid' : v1.length > 0 ? 'v1' : v2 ? 'v2' : 'none'
  const support: CgroupSupport = {layout, usable: {}, notes: []}
  for (const controller of CONTROLLERS) {
    const mount = v1.find((candidate) => candidate.controllers.includes(controller))
    if (mount) {
      const parent = groupDir(mount, own.get(controller) ?? '/')
      const problem = await probe(parent, 1, controller)
      if (problem) support.notes.push(problem)
      else support.usable[controller] = {version: 1, parent}
      continue
    }
    if (!v2) {
      support.notes.push(`${controller}: no cgroup hierarchy has this controller`)
      continue
    }
    const parent = groupDir(v2, own.get('') ?? '/')
    const delegated = (await read(join(parent, 'cgroup.subtree_control'))).split(/\s+/)
    const v2Name = controller === 'cpuacct' ? 'cpu' : controller
    // CPU time is accounted in every v2 group (cpu.stat); limits need the parent to delegate. Enabling
    // delegation would change the machine's cgroup setup for everyone, so detection only looks.
    if (controller !== 'cpuacct' && !delegated.includes(v2Name)) {
      support.notes.push(`${controller}: the cgroup v2 group ${parent} does not delegate it (cgroup.subtree_control)`)
      continue
    }
    const problem = await probe(parent, 2, controller)
    if (problem) support.notes.push(problem)
    else support.usable[controller] = {version: 2, parent}
  }
  return support
}

let detected: Promise<CgroupSupport> | undefined

/** What this machine allows, probed once per process. */
export function detectCgroups(): Promise<CgroupSupport> {
  detected ??= detect()
  return detected
}

export {createTaskCgroup, type CgroupUsage, type TaskCgroup} from './cgroup-task.js'
