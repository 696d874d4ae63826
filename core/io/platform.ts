/**
 * The platform this process runs on, as toolchain metadata names it: `linux-x64-glibc`,
 * `linux-arm64-musl`, `darwin-arm64`. Computed once per process: it cannot change while we run.
 */
import {spawnSync} from 'node:child_process'
import {existsSync, readdirSync} from 'node:fs'

export type Libc = 'glibc' | 'musl' | 'none'

export interface Platform {
  os: NodeJS.Platform
  arch: string
  libc: Libc
  /** e.g. `2.36`; undefined when unknown or not applicable. */
  libcVersion?: string
  /** `os-arch[-libc]`: the key toolchain metadata uses. */
  id: string
}

function detectLibc(): {libc: Libc; version?: string} {
  if (process.platform !== 'linux') return {libc: 'none'}
  // Node's own report knows the glibc it runs on; a musl build reports nothing there.
  const header = (process.report?.getReport() as {header?: {glibcVersionRuntime?: string}} | undefined)?.header
  if (header?.glibcVersionRuntime) return {libc: 'glibc', version: header.glibcVersionRuntime}
  const musl = safeList('/lib').find((name) => name.startsWith('ld-musl-'))
  // musl's loader, run bare, prints its version ("Version 1.2.4") to stderr.
  if (musl) return {libc: 'musl', version: /Version (\d+(?:\.\d+)+)/.exec(spawnSync(`/lib/${musl}`, [], {encoding: 'utf8'}).stderr ?? '')?.[1]}
  return {libc: existsSync('/lib64/ld-linux-x86-64.so.2') || existsSync('/lib/ld-linux-aarch64.so.1') ? 'glibc' : 'musl'}
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch {
    return []
  }
}

export function platformId(os: string, arch: string, libc: Libc): string {
  return libc === 'none' ? `${os}-${arch}` : `${os}-${arch}-${libc}`
}

let cached: Platform | undefined

export function hostPlatform(): Platform {
  if (cached) return cached
  const {libc, version} = detectLibc()
  cached = Object.freeze({
    os: process.platform,
    arch: process.arch,
    libc,
    libcVersion: version,
    id: platformId(process.platform, process.arch, libc),
  })
  return cached
}

/** Parses `linux-x64-glibc` back into its parts; unknown strings give undefined. */
export function parsePlatform(id: string): {os: string; arch: string; libc: Libc} | undefined {
  const match = /^([a-z0-9]+)-([a-z0-9_]+)(?:-(glibc|musl))?$/.exec(id)
  if (!match) return undefined
  return {os: match[1], arch: match[2], libc: (match[3] as Libc | undefined) ?? 'none'}
}

/** The GNU triple's CPU name for a node arch: what compilers and qemu call it. */
export function gnuCpu(arch: string): string {
  return ({x64: 'x86_64', arm64: 'aarch64', arm: 'arm', ia32: 'i686', riscv64: 'riscv64', ppc64: 'powerpc64le', s390x: 's390x'} as Record<string, string>)[arch] ?? arch
}

/** Whether metadata written for `wanted` runs on `actual` (an entry without libc suits any libc). */
export function platformMatches(wanted: string, actual: Platform = hostPlatform()): boolean {
  const parsed = parsePlatform(wanted)
  if (!parsed || parsed.os !== actual.os || parsed.arch !== actual.arch) return false
  return parsed.libc === 'none' || parsed.libc === actual.libc
}
