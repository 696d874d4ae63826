// Side-by-side timing: tck and its peer take turns, round after round, and each keeps its best
// round. Taking turns spreads whatever else the machine is doing over both sides.
export async function bestOfTurns(sides, rounds) {
  const best = sides.map(() => Infinity)
  for (let round = 0; round < rounds; round++) {
    for (const [index, work] of sides.entries()) {
      const started = performance.now()
      await work()
      best[index] = Math.min(best[index], performance.now() - started)
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
