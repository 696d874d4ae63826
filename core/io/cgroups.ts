/**
 * Linux control groups for sandboxed tasks: which layout this machine has (v1, v2 or hybrid),
 * which controllers accept a child group under this process's own group and enforce a limit
 * there, and one short-lived group per task. Detection probes for real (mkdir, write a limit,
 * rmdir) because a mounted controller proves nothing: a container or a non-root user usually
 * cannot create groups, and a v2 controller is useless until the parent delegates it.
 */
import {mkdir, readdir, readFile, rmdir, writeFile} from 'node:fs/promises'
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

export interface CgroupUsage {
  oomKills: number
  pidsDenied: number
  cpuSeconds: number
}

export interface TaskCgroup {
  /** Write a pid into each of these (before it runs anything) to place it in the group. */
  procsFiles: string[]
  /** What this group enforces, e.g. `pids.max=64 (cgroup v1)`. */
  enforced: string[]
  usage(): Promise<CgroupUsage>
  /** SIGKILLs every process in the group until none is left. */
  kill(): Promise<void>
  /** Kills what is left and removes the group's directories. */
  remove(): Promise<void>
}

interface Mount {
  dir: string
  root: string
  version: 1 | 2
  controllers: string[]
}

const read = (file: string) => readFile(file, 'utf8').catch(() => '')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

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
    // CPU time is accounted in every v2 group (cpu.stat); limits need the parent to delegate.
    if (controller !== 'cpuacct' && !delegated.includes(v2Name)) {
      await writeFile(join(parent, 'cgroup.subtree_control'), `+${v2Name}`).catch(() => {})
      if (!(await read(join(parent, 'cgroup.subtree_control'))).split(/\s+/).includes(v2Name)) {
        support.notes.push(`${controller}: the cgroup v2 group ${parent} does not delegate it`)
        continue
      }
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

let sequence = 0
const swept = new Set<string>()

/** Groups left by a tck process that no longer runs (killed before it could clean up). */
async function sweepStale(parent: string): Promise<void> {
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    const owner = /^tck-(\d+)-\d+$/.exec(name)?.[1]
    if (!owner || isAlive(Number(owner))) continue
    await killAll([join(parent, name)])
    await rmdir(join(parent, name)).catch(() => {})
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

async function killAll(dirs: string[]): Promise<void> {
  for (let round = 0; round < 200; round++) {
    let left = 0
    for (const dir of dirs) {
      for (const pid of (await read(join(dir, 'cgroup.procs'))).split('\n').filter(Boolean)) {
        left++
        try {
          process.kill(Number(pid), 'SIGKILL')
        } catch {}
      }
    }
    if (left === 0) return
    await sleep(10)
  }
}

const count = (text: string, key: string) => Number(new RegExp(`^${key} (\\d+)$`, 'm').exec(text)?.[1] ?? 0)

/** Creates one group per needed hierarchy with the limits set, before any process enters it. */
export async function createTaskCgroup(support: CgroupSupport, limits: CgroupLimits): Promise<TaskCgroup> {
  const name = `tck-${process.pid}-${sequence++}`
  const dirs = new Map<CgroupController, string>()
  const enforced: string[] = []
  const wanted: Array<[CgroupController, number | undefined]> = [
    ['memory', limits.memoryMiB],
    ['pids', limits.pids],
    ['cpuacct', limits.cpuSeconds],
  ]
  const created: string[] = []
  try {
    for (const [controller, limit] of wanted) {
      const place = support.usable[controller]
      if (limit === undefined || !place) continue
      const dir = join(place.parent, name)
      if (!created.includes(dir)) {
        if (!swept.has(place.parent)) {
          swept.add(place.parent)
          await sweepStale(place.parent)
        }
        await mkdir(dir)
        created.push(dir)
      }
      dirs.set(controller, dir)
      const tag = `(cgroup v${place.version})`
      if (controller === 'memory') {
        const bytes = String(Math.floor(limit * 1024 * 1024))
        await writeFile(join(dir, place.version === 1 ? 'memory.limit_in_bytes' : 'memory.max'), bytes)
        // Without this a task could spill into swap and dodge the limit.
        await writeFile(join(dir, place.version === 1 ? 'memory.memsw.limit_in_bytes' : 'memory.swap.max'), place.version === 1 ? bytes : '0').catch(() => {})
        enforced.push(`memory ${limit} MiB ${tag}`)
      } else if (controller === 'pids') {
        await writeFile(join(dir, 'pids.max'), String(limit))
        enforced.push(`processes ${limit} ${tag}`)
      } else {
        enforced.push(`cpu time ${limit} s for the whole task ${tag}`)
      }
    }
  } catch (error) {
    for (const dir of created) await rmdir(dir).catch(() => {})
    throw error
  }

  const usage = async (): Promise<CgroupUsage> => {
    const memory = dirs.get('memory')
    const pids = dirs.get('pids')
    const cpu = dirs.get('cpuacct')
    const v1 = (controller: CgroupController) => support.usable[controller]?.version === 1
    const oomText = memory ? await read(join(memory, v1('memory') ? 'memory.oom_control' : 'memory.events')) : ''
    const pidsText = pids ? await read(join(pids, 'pids.events')) : ''
    let cpuSeconds = 0
    if (cpu && v1('cpuacct')) cpuSeconds = Number(await read(join(cpu, 'cpuacct.usage'))) / 1e9
    else if (cpu) cpuSeconds = count(await read(join(cpu, 'cpu.stat')), 'usage_usec') / 1e6
    return {oomKills: count(oomText, 'oom_kill'), pidsDenied: count(pidsText, 'max'), cpuSeconds}
  }
  const kill = () => killAll(created)
  const remove = async () => {
    await kill()
    for (const dir of created) {
      // A killed process leaves its group a moment after it stops being listed.
      for (let round = 0; round < 100; round++) {
        const error = await rmdir(dir).then(() => undefined, (failure: NodeJS.ErrnoException) => failure)
        if (!error || error.code === 'ENOENT') break
        await sleep(10)
        await killAll([dir])
      }
    }
  }
  return {procsFiles: created.map((dir) => join(dir, 'cgroup.procs')), enforced, usage, kill, remove}
}
