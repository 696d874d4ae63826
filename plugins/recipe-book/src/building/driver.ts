/**
 * The shell script a package task runs (bash, `-e`): a private work directory with the package's
 * sources in it (as LFS's `$LFS/sources`: `../foo.patch` works from the unpacked tree), the first
 * archive unpacked and entered, the package's script run with DESTDIR set, its check when asked,
 * and DESTDIR packed into one tar — the task's declared output — with names sorted, times,
 * owners and groups zeroed, so the same files always give the same archive.
 */
import type {Package} from '../book/model.js'
import {SYSROOT_PATHS} from './sysroot.js'

export const archivePattern = /\.(tar|tar\.(gz|xz|bz2|zst|lz|lzma)|tgz|txz|tbz2?|tzst)$/

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`

export function driverScript(pkg: Package, options: {check: boolean}): string {
  const first = pkg.sources[0]
  const unpack =
    first && archivePattern.test(first.file)
      ? [
          `mkdir .unpack && tar -xf ${quote(first.file)} -C .unpack --no-same-owner`,
          // One top directory is the package's tree (the usual case); several entries get one made for them.
          'set -- .unpack/* .unpack/.[!.]*; [ -e "$2" ] || set -- "$1"',
          `if [ $# -eq 1 ] && [ -d "$1" ]; then mv "$1" .; tree="\${1#.unpack/}"; rmdir .unpack; else tree=${quote(`${pkg.name}-${pkg.version}`)}; mv .unpack "$tree"; fi`,
          'cd "$tree"',
        ]
      : []
  const check = options.check && pkg.check ? ['(', pkg.check, ')'] : []
  return [
    'umask 022',
    'export LC_ALL=POSIX',
    // What the dependencies installed comes first on every search path. No LD_LIBRARY_PATH: the
    // host's compiler and tools must never load a library a package built (a book that needs one
    // at build time sets it in its env).
    ...Object.entries(SYSROOT_PATHS).map(([name, dirs]) => `export ${name}="${dirs.map((dir) => `$TCK_SYSROOT/${dir}`).join(':')}\${${name}:+:\$${name}}"`),
    // This run's share of the jobs, read at run time: no output may depend on it, so it is not keyed.
    'jobs=$(cat "$TCK_BOOK_JOBS_FILE" 2>/dev/null || echo 1)',
    'export MAKEFLAGS="-j$jobs" CMAKE_BUILD_PARALLEL_LEVEL="$jobs" TCK_JOBS="$jobs"',
    `work=$(mktemp -d "\${TMPDIR:-/tmp}/tck-book-${pkg.name}.XXXXXX")`,
    `trap 'cd /; rm -rf "$work"' EXIT`,
    'export DESTDIR="$work/dest"',
    'mkdir -p "$DESTDIR"',
    'cd "$work"',
    // TCK_BOOK_SOURCES: one "name<TAB>path" line per source, linked there just before the script runs.
    `printf '%s\\n' "$TCK_BOOK_SOURCES" | while IFS="$(printf '\\t')" read -r name path; do [ -z "$name" ] || ln -s "$path" "$name"; done`,
    ...unpack,
    '(',
    pkg.script || ':',
    ')',
    ...check,
    'cd "$work"',
    'tar --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner --format=gnu -cf "$TCK_BOOK_OUTPUT.partial" -C "$DESTDIR" .',
    'mv -f "$TCK_BOOK_OUTPUT.partial" "$TCK_BOOK_OUTPUT"',
  ].join('\n')
}
