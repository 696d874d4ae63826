/**
 * Who a plugin is, for the keys of the tasks its keyed taps can affect: its name, version and the
 * digest of its code (every file of the package but its dependencies), so an upgrade, or an edit
 * of a linked plugin, is a new key; the user's config file by its content.
 */
import {readdirSync} from 'node:fs'
import {join, relative} from 'node:path'
import type {KeyPart} from '../contracts/task.js'
import {sha256} from '../io/digest.js'
import type {DigestCache} from '../io/digest-cache.js'

export type PluginIdentity = {kind: 'plugin'; version: string; root: string} | {kind: 'config'; file: string; shownAs: string}

/** Every file of a package, sorted, leaving out what it depends on and version-control files; `dirs` receives its directories. */
export function packageFiles(root: string, dirs: string[] = []): string[] {
  const files: string[] = []
  const walk = (dir: string) => {
    dirs.push(dir)
    for (const entry of readdirSync(dir, {withFileTypes: true})) {
      if (entry.name === 'node_modules' || entry.name === '.git' || entry.name.endsWith('.tsbuildinfo')) continue
      const path = join(dir, entry.name)
      if (entry.isDirectory()) walk(path)
      else if (entry.isFile()) files.push(path)
    }
  }
  walk(root)
  return files.sort()
}

async function codeDigest(root: string, digests: DigestCache): Promise<string> {
  const files = await Promise.all(packageFiles(root).map(async (file) => [relative(root, file), await digests.of(file)]))
  return sha256(JSON.stringify(files))
}

/** One key part per plugin name: `plugin` with version and code digest, or `config` with the file's digest; unknown names count by name. */
export async function pluginIdentityParts(names: string[], identities: Map<string, PluginIdentity>, digests: DigestCache): Promise<KeyPart[]> {
  return Promise.all(names.map(async (name): Promise<KeyPart> => {
    const identity = identities.get(name)
    if (!identity) return {kind: 'plugin', name, value: 'unknown'}
    if (identity.kind === 'config') return {kind: 'config', name: identity.shownAs, value: await digests.of(identity.file)}
    return {kind: 'plugin', name, value: `${identity.version} ${await codeDigest(identity.root, digests)}`}
  }))
}
