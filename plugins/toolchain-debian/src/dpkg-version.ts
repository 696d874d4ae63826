/** dpkg's version ordering (epoch, upstream, revision; `~` sorts before anything), for picking across suites. */
function order(char: string | undefined): number {
  if (char === undefined) return 0
  if (char === '~') return -1
  if (/[A-Za-z]/.test(char)) return char.charCodeAt(0)
  return char.charCodeAt(0) + 256
}

function comparePart(a: string, b: string): number {
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    let difference = 0
    while ((i < a.length && !/\d/.test(a[i])) || (j < b.length && !/\d/.test(b[j]))) {
      const left = i < a.length && !/\d/.test(a[i]) ? order(a[i]) : 0
      const right = j < b.length && !/\d/.test(b[j]) ? order(b[j]) : 0
      if (left !== right) return left - right
      if (i < a.length && !/\d/.test(a[i])) i++
      if (j < b.length && !/\d/.test(b[j])) j++
    }
    let left = ''
    let right = ''
    while (i < a.length && /\d/.test(a[i])) left += a[i++]
    while (j < b.length && /\d/.test(b[j])) right += b[j++]
    difference = Number(left || 0) - Number(right || 0)
    if (difference !== 0) return difference
  }
  return 0
}

function split(version: string): [number, string, string] {
  const epoch = /^(\d+):/.exec(version)
  const rest = epoch ? version.slice(epoch[0].length) : version
  const dash = rest.lastIndexOf('-')
  return [epoch ? Number(epoch[1]) : 0, dash === -1 ? rest : rest.slice(0, dash), dash === -1 ? '' : rest.slice(dash + 1)]
}

export function compareDebianVersions(a: string, b: string): number {
  const [epochA, upstreamA, revisionA] = split(a)
  const [epochB, upstreamB, revisionB] = split(b)
  return epochA - epochB || comparePart(upstreamA, upstreamB) || comparePart(revisionA, revisionB)
}

/** The upstream part (no epoch, no Debian revision): what the compiler itself reports. */
export function upstreamVersion(version: string): string {
  return split(version)[1]
}
