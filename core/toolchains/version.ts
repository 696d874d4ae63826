/**
 * Toolchain versions: `18.1.8`, `0.12.0-dev.1286`, `13.2.1`. A range is `latest`, or a prefix of
 * dotted numbers (`18`, `18.1`, `18.1.8`) that must match whole components. `latest` prefers
 * releases over pre-releases, unless only pre-releases exist.
 */
export interface ParsedVersion {
  numbers: number[]
  prerelease: string
}

export function parseVersion(version: string): ParsedVersion {
  // `+...` is build metadata (semver): it never makes a version a pre-release.
  const match = /^v?(\d+(?:\.\d+)*)(?:[-~]?([^+]*))?(?:\+.*)?$/.exec(version.trim())
  if (!match) return {numbers: [], prerelease: version}
  return {numbers: match[1].split('.').map(Number), prerelease: match[2] ?? ''}
}

export function compareVersions(a: string, b: string): number {
  const left = parseVersion(a)
  const right = parseVersion(b)
  for (let index = 0; index < Math.max(left.numbers.length, right.numbers.length); index++) {
    const difference = (left.numbers[index] ?? 0) - (right.numbers[index] ?? 0)
    if (difference !== 0) return difference
  }
  // A release sorts after its own pre-releases; pre-releases compare numerically where they can.
  if (!left.prerelease || !right.prerelease) return (left.prerelease ? -1 : 0) - (right.prerelease ? -1 : 0)
  return left.prerelease.localeCompare(right.prerelease, 'en', {numeric: true})
}

export function isLatest(range: string): boolean {
  return range === '' || range === 'latest' || range === '*'
}

export function matchesRange(version: string, range: string): boolean {
  if (isLatest(range)) return true
  const wanted = parseVersion(range)
  const actual = parseVersion(version)
  if (wanted.numbers.length === 0) return version === range
  if (wanted.numbers.some((number, index) => actual.numbers[index] !== number)) return false
  return wanted.prerelease === '' || actual.prerelease === wanted.prerelease
}

/** The newest version that matches; for `latest`, the newest release when there is one. */
export function pickVersion(versions: string[], range: string): string | undefined {
  const matching = versions.filter((version) => matchesRange(version, range)).sort(compareVersions)
  if (isLatest(range)) {
    const releases = matching.filter((version) => !parseVersion(version).prerelease)
    if (releases.length > 0) return releases.at(-1)
  }
  return matching.at(-1)
}

/** `llvm@18`, `npm:zig@0.12`, `debian:tcc`: source, name and range of a request. */
export function parseToolchainSpec(spec: string): {source?: string; name: string; range: string} {
  const match = /^(?:([a-z][\w-]*):)?([^@\s]+)(?:@(\S*))?$/.exec(spec.trim())
  if (!match) return {name: spec, range: 'latest'}
  return {source: match[1], name: match[2], range: match[3] || 'latest'}
}
