/**
 * One short-lived control group per sandboxed task, in every hierarchy that holds one of its
 * limits, created with the limits already written so nothing runs in it unlimited; plus the
 * sweeping of groups a killed tck left behind.
 */
import {mkdir, readdir, readFile, rmdir, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {CgroupController, CgroupLimits, CgroupSupport} from './cgroups.js'
import {isAlive} from './pid.js'

export interface CgroupUsage {
  oomKills: number
  pidsDenied: number
  cpuSeconds: number
}

export interface TaskCgroup {
  /** Write a pid into each of these (before it runs anything) to place it in the group. */
  procsFiles: string[]
  /** What this group enforces, e.g. `processes 64 (cgroup v1)`. */
  enforced: string[]
  usage(): Promise<CgroupUsage>
  /** SIGKILLs every process in the group until none is left. */
  kill(): Promise<void>
  /** Kills what is left and removes the group's directories. */
  remove(): Promise<void>
}

const read = (file: string) => readFile(file, 'utf8').catch(() => '')
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

let sequence = 0
const swept = new Set<string>()

/** Groups (and probes) left by a tck process that no longer runs (killed before it could clean up). */
async function sweepStale(parent: string): Promise<void> {
  for (const name of await readdir(parent).catch(() => [] as string[])) {
    const owner = /^tck-(?:probe-)?(\d+)-\w+$/.exec(name)?.[1]
    if (!owner || isAlive(Number(owner))) continue
    await killAll([join(parent, name)])
    await rmdir(join(parent, name)).catch(() => {})
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
