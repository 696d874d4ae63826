/** A tck book as the plugin works with it, whatever file it came from. */

/** `check`: needed only by the package's test suite, so followed only when checks are on. */
export type DependencyKind = 'required' | 'recommended' | 'optional' | 'runtime' | 'check'
export const dependencyKinds: readonly DependencyKind[] = ['required', 'recommended', 'optional', 'runtime', 'check']

export interface Constraint {
  op: '>=' | '>' | '<=' | '<' | '=' | '!='
  version: string
}

export interface Dependency {
  name: string
  /** A build pass of a two-pass package (`gcc:1`); absent: the package's last pass. */
  pass?: number
  constraints: Constraint[]
  kind: DependencyKind
  /** As written, for messages. */
  text: string
}

export interface Source {
  /** The file name the build sees (`../zlib-1.3.1.tar.xz` from the unpacked tree). */
  file: string
  url?: string
  sha256?: string
  /** What the books give; tck needs the SHA-256 to download, and checks md5 too when given. */
  md5?: string
  /** The Debian source package that ships this file, for the `debian` mirror kind. */
  debian?: string
}

export interface Location {
  file: string
  line: number
}

export interface Package {
  name: string
  version: string
  /** 1 unless the book builds the package more than once (the two-pass pattern). */
  pass: number
  sources: Source[]
  depends: Dependency[]
  /** Virtual names this package satisfies (BLFS: "a mail server"). */
  provides: string[]
  /** Build and install, run with DESTDIR set; a POSIX/bash script. */
  script: string
  /** The package's test suite (`make check`), run when the config asks for checks. */
  check?: string
  /** Paths that must exist in the target root once it is installed (validation). */
  files: string[]
  /** Commands run against the target root once it is installed (validation), e.g. `usr/bin/gzip --version`. */
  run: string[]
  /** The book's own estimate, in SBU. */
  sbu?: number
  location: Location
}

export type Mirror = {kind: 'upstream'} | {kind: 'url'; url: string} | {kind: 'dir'; path: string} | {kind: 'debian'}

export interface HostRequirement {
  name: string
  /** The program to ask for its version; `linux` means the running kernel. */
  program: string
  min?: string
  /** Its `--version` must match (LFS: `awk` must be GNU awk). */
  matches?: string
}

export interface Book {
  name: string
  version?: string
  /** The book's directory (a directory book) or the directory of its file; relative to the project root. */
  dir: string
  /** `book.yaml` or the `.book` file, relative to the project root. */
  file: string
  mirrors: Mirror[]
  env: Record<string, string>
  /** The package whose build time is this book's unit (SBU); the first package when absent. */
  sbu?: string
  host: HostRequirement[]
  /** Host programs every package's key covers (by path and content; a compiler by version); a default set when absent. */
  tools?: string[]
  /** What `tck book build` builds when given nothing; every package when absent. */
  targets?: string[]
  recommended: boolean
  optional: boolean | string[]
  /** Packages in book order. */
  packages: Package[]
}

/** How a package is named in plans, dependencies and task ids: `zlib`, and `gcc:1` for an earlier pass. */
export function packageKey(pkg: Pick<Package, 'name' | 'pass'>, lastPass: number): string {
  return pkg.pass === lastPass ? pkg.name : `${pkg.name}:${pkg.pass}`
}
