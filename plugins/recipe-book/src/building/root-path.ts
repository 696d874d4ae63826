/**
 * Paths inside the target root resolved as the built system will see them: a symbolic link in
 * the root (`lib -> usr/lib`, or `/lib -> /usr/lib` written absolute) is followed relative to the
 * root, never to the host, so writing through it can never land outside the root.
 */
import {lstat, readlink} from 'node:fs/promises'
import {join, posix} from 'node:path'

export class RootPaths {
  readonly #resolved = new Map<string, string>()

  constructor(readonly root: string) {}

  /** `path` (relative to the root) with every directory symlink on the way resolved; the last component is not followed. */
  async resolveParent(path: string): Promise<string> {
    const parent = posix.dirname(path)
    const base = posix.basename(path)
    return parent === '.' ? base : posix.join(await this.resolveDir(parent), base)
  }

  async resolveDir(path: string, hops = 0): Promise<string> {
    const known = this.#resolved.get(path)
    if (known !== undefined) return known
    if (hops > 40) throw new Error(`too many symbolic links resolving ${path} in ${this.root}`)
    let current = ''
    const parts = path.split('/').filter((part) => part && part !== '.')
    for (let index = 0; index < parts.length; index++) {
      if (parts[index] === '..') {
        current = posix.dirname(current) === '.' ? '' : posix.dirname(current)
        continue
      }
      const next = current ? `${current}/${parts[index]}` : parts[index]
      const info = await lstat(join(this.root, next)).catch(() => undefined)
      if (info?.isSymbolicLink()) {
        const target = await readlink(join(this.root, next))
        const joined = target.startsWith('/') ? target : posix.join(current || '.', target)
        const resolved = await this.resolveDir([joined, ...parts.slice(index + 1)].join('/'), hops + 1)
        this.#resolved.set(path, resolved)
        return resolved
      }
      current = next
    }
    this.#resolved.set(path, current)
    return current
  }

  forget(): void {
    this.#resolved.clear()
  }
}
