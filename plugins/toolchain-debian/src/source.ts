/**
 * The `debian` toolchain source: packages from the user's apt sources, checked end to end
 * (InRelease signature → Packages index SHA-256 → .deb SHA-256) and unpacked into the toolchain
 * directory; nothing is installed system-wide. data/toolchains.json says which packages make a
 * toolchain; any other name is one package whose compiler has its name.
 */
import {readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import type {TckApi, ToolchainCandidate, ToolchainLayout, ToolchainSource} from 'tck'
import {aptSources} from './apt-sources.js'
import {unpackDeb} from './deb.js'
import {compareDebianVersions, upstreamVersion} from './dpkg-version.js'
import {findPackages, type DebPackage} from './index-files.js'

interface DebianToolchain {
  description?: string
  packages: string[]
  layout: ToolchainLayout
}

const known = JSON.parse(readFileSync(new URL('../data/toolchains.json', import.meta.url), 'utf8')) as Record<string, DebianToolchain | string>

const debianArch: Record<string, {arch: string; multiarch: string}> = {
  x64: {arch: 'amd64', multiarch: 'x86_64-linux-gnu'},
  arm64: {arch: 'arm64', multiarch: 'aarch64-linux-gnu'},
  ia32: {arch: 'i386', multiarch: 'i386-linux-gnu'},
  arm: {arch: 'armhf', multiarch: 'arm-linux-gnueabihf'},
}

function definition(name: string, explicit: boolean): DebianToolchain | undefined {
  const entry = known[name]
  if (entry && typeof entry !== 'string') return entry
  // Any package name only when the user asked this source by name: `tck toolchain install llvm`
  // must not pick Debian's "llvm" package with a guessed layout.
  return explicit ? {packages: [name], layout: {bin: 'usr/bin', compilers: {c: [name]}}} : undefined
}

function withMultiarch(layout: ToolchainLayout, multiarch: string): ToolchainLayout {
  const flags = Object.fromEntries(Object.entries(layout.flags ?? {}).map(([language, list]) => [language, list.map((flag) => flag.replaceAll('${multiarch}', multiarch))]))
  return {...layout, flags}
}

export function debianSource(api: TckApi): ToolchainSource {
  const resolve = async (name: string, range: string, platform: string, options: {explicit?: boolean} = {}): Promise<ToolchainCandidate[]> => {
    const [os, cpu, libc] = platform.split('-')
    const target = debianArch[cpu]
    const wanted = definition(name, Boolean(options.explicit))
    if (os !== 'linux' || libc === 'musl' || !target || !wanted) return []
    const sources = aptSources().filter((source) => !source.architectures || source.architectures.includes(target.arch))
    const newest = new Map<string, DebPackage>()
    const failures: unknown[] = []
    for (const source of sources) {
      for (const component of source.components) {
        try {
          for (const found of await findPackages(api, source, component, target.arch, new Set(wanted.packages))) {
            const current = newest.get(found.name)
            if (!current || compareDebianVersions(found.version, current.version) > 0) newest.set(found.name, found)
          }
        } catch (error) {
          failures.push(error)
          api.log.debug(`debian source ${source.uri} ${source.suite}/${component}: ${(error as Error).message}`)
        }
      }
    }
    if (failures.length > 0 && failures.length === sources.reduce((sum, source) => sum + source.components.length, 0)) throw failures[0]
    if (wanted.packages.some((packageName) => !newest.has(packageName))) return []
    const packages = wanted.packages.map((packageName) => newest.get(packageName)!)
    const version = upstreamVersion(packages[0].version)
    if (!api.toolchains.matchesRange(version, range)) return []
    return [{
      source: 'debian',
      name,
      version,
      platform,
      layout: withMultiarch(wanted.layout, target.multiarch),
      description: wanted.description ?? `Debian package ${name}`,
      details: {packages},
    }]
  }

  return {
    name: 'debian',
    resolve,
    async search(query, platform) {
      // Only the toolchains this source knows the layout of; `debian:<package>` still installs any package.
      const names = Object.keys(known).filter((name) => !name.startsWith('$') && name.includes(query))
      return (await Promise.all(names.map((name) => resolve(name, 'latest', platform)))).flat()
    },
    async fetch(chosen, destination, signal) {
      for (const deb of (chosen.details as {packages: DebPackage[]}).packages) {
        const label = `${deb.name}_${deb.version}_${deb.architecture}.deb`
        const file = await api.toolchains.download({urls: [`${deb.uri}/${deb.filename}`], sha256: deb.sha256, size: deb.size, label, signal})
        await unpackDeb(api, file.path, destination, join(dirname(destination), `${deb.name}.data.tar`), label)
      }
    },
  }
}
