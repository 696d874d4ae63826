import type {Compiler, Register} from 'tck'

/** The list after a `name:` heading of `tcc -vv`, one indented path per line. */
function section(output: string, name: string): string[] {
  const block = new RegExp(`^${name}:\\n((?:  .+\\n?)*)`, 'm').exec(output)?.[1] ?? ''
  return block.split('\n').map((line) => line.trim()).filter(Boolean)
}

/** `-vv` prints every file tcc opens, headers and link inputs, as `-> path` (indented by include depth). */
const opened = (text: string) => [...text.matchAll(/^-> +(.+)$/gm)].map(([, path]) => path).filter((path) => path !== '<stdin>' && path !== '-')

/** tcc says `tcc version 0.9.27 (x86_64 Linux)`; the target is written as a triple-like `x86_64-linux`. */
const register: Register = ({registries, api}) => {
  const {probe} = api.compilers
  const tcc: Compiler = {
    name: 'tcc',
    programs: ['tcc'],
    // tcc names a `#line` file relative to the source file's directory, even an absolute one; from stdin it has none.
    sourceFromStdin: true,
    async detect(program = 'tcc') {
      const output = (await probe(program, ['-vv'])) ?? ''
      const match = /^(tcc version (\S+) \(([^)]+)\))/m.exec(output)
      if (!match) return undefined
      const include = section(output, 'include')
      return {
        name: 'tcc', path: program, version: match[2], fullVersion: match[1], target: match[3].toLowerCase().replace(/\s+/g, '-'),
        // tcc is its own compiler, assembler and linker; its runtime library is linked into every program.
        files: section(output, 'libtcc1'),
        includeDirs: {c: include, 'c++': include},
        libraryDirs: section(output, 'libraries'),
      }
    },
    command(identity, {sources, output, kind, flags, libs, debug}) {
      return [identity.path, ...(kind === 'shared' ? ['-shared'] : []), ...flags, ...(debug ? ['-g'] : []), ...sources, '-o', output, ...libs]
    },
    inspect(identity, argv, cwd, scratch) {
      // tcc's -MD leaves out system headers; `-vv` lists every file it opens, so its stdout goes to the listing.
      const reads = api.compilers.gnuCommandReads(argv, cwd, identity, scratch, {noLinkListing: true})
      if (!reads.listing) return reads
      const listing = `${scratch}/opened.txt`
      return {
        ...reads,
        listing: {argv: ['/bin/sh', '-c', 'exec "$@" -vv >"$TCK_LISTING"', 'sh', ...argv], env: {TCK_LISTING: listing}, depfiles: [listing], parse: opened},
      }
    },
  }
  registries.compiler.register(tcc)
}
export default register
