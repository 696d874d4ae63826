/**
 * The `http` toolchain source: metadata files (this package's data/, the user's
 * ~/.config/tck/toolchains/, TCK_TOOLCHAIN_METADATA) name release archives by URL and SHA-256;
 * fetching downloads through the host's verified cache and extracts securely.
 */
import {fileURLToPath} from 'node:url'
import type {MetadataRelease, TckApi, ToolchainCandidate, ToolchainSource} from 'tck'

const bundled = fileURLToPath(new URL('../data/', import.meta.url))

/** An entry written for `linux-x64` suits every libc; one for `linux-x64-glibc` only glibc. */
function fits(entryPlatform: string, platform: string): boolean {
  return entryPlatform === platform || platform.startsWith(`${entryPlatform}-`)
}

export function httpSource(api: TckApi): ToolchainSource {
  const {toolchains} = api
  // Asked on first use, not at registration: detecting the libc costs ~15 ms every command would pay.
  const oldLibc = (release: MetadataRelease, platform: string) => {
    const host = toolchains.platform()
    return platform === host.id && release.artifact.minLibcVersion !== undefined && host.libcVersion !== undefined &&
      toolchains.compareVersions(host.libcVersion, release.artifact.minLibcVersion) < 0
  }

  const releases = async (platform: string) =>
    toolchains.releasesOf(await toolchains.loadMetadata(toolchains.metadataLocations([bundled])))
      .filter((release) => fits(release.platform, platform) && !oldLibc(release, platform))

  const candidate = (release: MetadataRelease, platform: string): ToolchainCandidate => ({
    source: 'http',
    name: release.name,
    version: release.version,
    platform,
    layout: release.layout,
    description: release.description,
    details: {
      urls: release.artifact.urls,
      sha256: release.artifact.sha256,
      size: release.artifact.size,
      stripComponents: release.artifact.stripComponents,
      metadata: release.file,
    },
  })

  return {
    name: 'http',
    async resolve(name, range, platform) {
      const named = (await releases(platform)).filter((release) => release.name === name)
      const version = toolchains.pickVersion(named.map((release) => release.version), range)
      return named.filter((release) => release.version === version).map((release) => candidate(release, platform))
    },
    async search(query, platform) {
      return (await releases(platform)).filter((release) => release.name.includes(query)).map((release) => candidate(release, platform))
    },
    async fetch(chosen, destination, signal) {
      const details = chosen.details as {urls: string[]; sha256: string; size?: number; stripComponents?: number}
      const archive = await toolchains.download({
        urls: details.urls,
        sha256: details.sha256,
        size: details.size,
        label: `${chosen.name} ${chosen.version} (${chosen.platform})`,
        signal,
      })
      await toolchains.unpackArchive(archive.path, destination, {stripComponents: details.stripComponents ?? 0, label: `${chosen.name} ${chosen.version}`})
    },
  }
}
