// Side-by-side timing: tck and its peer take turns, round after round, and each keeps its best
// round. Taking turns spreads whatever else the machine is doing over both sides. CPU time is
// kept too: on a machine shared with other work it moves far less than wall time.
import {spawnSync} from 'node:child_process'

/** A side is an in-process function or a peer command ([file, ...args]), run without a shell. */
async function timeOnce(side) {
  const started = performance.now()
  if (typeof side === 'function') {
    const before = process.cpuUsage()
    await side()
    const used = process.cpuUsage(before)
    return {wall: performance.now() - started, cpu: (used.user + used.system) / 1000}
  }
  // bash's `time` reads the child's rusage; TIMEFORMAT gives user and system seconds in ms.
  const child = spawnSync('bash', ['-c', 'TIMEFORMAT="%3U %3S"; time "$@" >/dev/null 2>&1', 'bash', ...side], {encoding: 'utf8'})
  const wall = performance.now() - started
  if (child.status !== 0) throw new Error(`${side.join(' ')} failed: ${child.stderr}`)
  const [user, system] = child.stderr.trim().split(/\s+/).slice(-2).map(Number)
  return {wall, cpu: (user + system) * 1000}
}

export async function bestOfTurns(sides, rounds) {
  const best = sides.map(() => ({wall: Infinity, cpu: Infinity}))
  for (let round = 0; round < rounds; round++) {
    for (const [index, side] of sides.entries()) {
      const {wall, cpu} = await timeOnce(side)
      best[index].wall = Math.min(best[index].wall, wall)
      best[index].cpu = Math.min(best[index].cpu, cpu)
    }
  }
  return best
}

export const MiB = 1 << 20

/** MiB per second, one decimal. */
export const rate = (bytes, ms) => Number((bytes / MiB / (ms / 1000)).toFixed(1))

export function sideBySide(name, value, unit, peer, peerValue, note) {
  return {name, value, unit, peer, peerValue, ratio: Number((value / peerValue).toFixed(2)), note}
}

/** Two rows for one pair of sides: throughput by wall time and by CPU time. */
export function rateRows(name, bytes, ours, peer, peerName, note) {
  return [
    sideBySide(`${name} (wall)`, rate(bytes, ours.wall), 'MB/s', peerName, rate(bytes, peer.wall), note),
    sideBySide(`${name} (CPU time)`, rate(bytes, ours.cpu), 'MB/s', peerName, rate(bytes, peer.cpu), note),
  ]
}
