/** `tck toolchain search`: every source asked; one that fails (offline, no apt sources) is reported, not fatal. */
import type {ToolchainCandidate} from '../contracts/toolchain.js'
import type {Registries} from '../registries.js'
import {unwrapHostError} from './install.js'
import {compareVersions} from './version.js'

export async function searchToolchains(registries: Registries, query: string, platform: string, only?: string) {
  const candidates: ToolchainCandidate[] = []
  const problems: Array<{source: string; message: string}> = []
  const sources = only ? [registries.toolchainSource.get(only)] : registries.toolchainSource.list().map(({provider}) => provider)
  for (const source of sources) {
    try {
      candidates.push(...(source.search ? await source.search(query, platform) : await source.resolve(query, 'latest', platform)))
    } catch (error) {
      const cause = unwrapHostError(error)
      problems.push({source: source.name, message: cause instanceof Error ? cause.message : String(cause)})
    }
  }
  candidates.sort((a, b) => a.name.localeCompare(b.name) || compareVersions(b.version, a.version) || a.source.localeCompare(b.source))
  return {candidates, problems}
}
