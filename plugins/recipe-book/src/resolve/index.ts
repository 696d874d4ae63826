/** The packages of a book by name, version and pass, and which dependencies a config switches on. */
import type {Book, Dependency, Package} from '../book/model.js'
import {packageKey} from '../book/model.js'
import {compareVersions} from '../book/versions.js'
import {bookError} from '../runtime.js'

export interface Selection {
  recommended: boolean
  /** `true`: every optional dependency; a list: those named (`cairo`, or `harfbuzz/cairo` for one package's). */
  optional: boolean | string[]
  /** Which package satisfies a virtual name (`server-mail: postfix`); else the first provider in book order. */
  providers: Record<string, string>
  /** Test suites run, so their dependencies are followed. */
  check?: boolean
}

export class BookIndex {
  readonly byName = new Map<string, Package[]>()
  readonly providers = new Map<string, Package[]>()
  readonly position = new Map<Package, number>()

  constructor(readonly book: Book) {
    book.packages.forEach((pkg, index) => {
      this.position.set(pkg, index)
      const same = this.byName.get(pkg.name) ?? []
      const twin = same.find((other) => other.version === pkg.version && other.pass === pkg.pass)
      if (twin) {
        throw bookError('CONFIG_INVALID', `${pkg.location.file}:${pkg.location.line}: ${pkg.name} ${pkg.version} pass ${pkg.pass} is already defined at ${twin.location.file}:${twin.location.line}`)
      }
      this.byName.set(pkg.name, [...same, pkg])
      for (const name of pkg.provides) this.providers.set(name, [...(this.providers.get(name) ?? []), pkg])
    })
  }

  /** The versions the book has of `name`, newest first. */
  versions(name: string): string[] {
    return [...new Set((this.byName.get(name) ?? []).map((pkg) => pkg.version))].sort((a, b) => compareVersions(b, a))
  }

  lastPass(name: string, version: string): number {
    return Math.max(...(this.byName.get(name) ?? []).filter((pkg) => pkg.version === version).map((pkg) => pkg.pass))
  }

  get(name: string, version: string, pass?: number): Package | undefined {
    const wanted = pass ?? this.lastPass(name, version)
    return this.byName.get(name)?.find((pkg) => pkg.version === version && pkg.pass === wanted)
  }

  key(pkg: Package): string {
    return packageKey(pkg, this.lastPass(pkg.name, pkg.version))
  }
}

/** Whether a dependency of `from` is followed at all, and whether it orders the build. */
export function follows(dependency: Dependency, from: Package, selection: Selection): 'build' | 'runtime' | false {
  switch (dependency.kind) {
    case 'required':
      return 'build'
    case 'runtime':
      return 'runtime'
    case 'check':
      return selection.check ? 'build' : false
    case 'recommended':
      return selection.recommended ? 'build' : false
    case 'optional': {
      const {optional} = selection
      if (optional === true) return 'build'
      return Array.isArray(optional) && (optional.includes(dependency.name) || optional.includes(`${from.name}/${dependency.name}`)) ? 'build' : false
    }
  }
}
