import type {Compiler, Register} from 'tck'

const register: Register = ({registries, api}) => {
  const {gnuCommandReads, includeSearchOf, probe, searchDirsOf} = api.compilers
  const clang: Compiler = {
    name: 'clang',
    programs: ['clang', 'clang++'],
    cxxOf: (program) => (/(^|-)clang(-[\d.]+)?$/.test(program) ? program.replace(/clang(-[\d.]+)?$/, 'clang++$1') : undefined),
    async detect(program = 'clang') {
      const output = await probe(program, ['--version'])
      // The whole line: `Debian clang version 14.0.6`, with the distribution's build.
      const fullVersion = output && /^(.*clang version (\S+).*?)\s*$/m.exec(output)
      const target = output && /^Target: (\S+)/m.exec(output)?.[1]
      if (!fullVersion || !target) return undefined
      // The clang that really runs (should `program` be a wrapper) is also its compiler proper (`clang -cc1`); the linker is the system's.
      const installed = /^InstalledDir: (.+)$/m.exec(output)?.[1]
      const [ld, c, cxx, dirs] = await Promise.all([
        probe(program, ['-print-prog-name=ld']),
        probe(program, ['-E', '-v', '-x', 'c', '-']),
        probe(program, ['-E', '-v', '-x', 'c++', '-']),
        probe(program, ['-print-search-dirs']),
      ])
      const files = [...(installed ? [`${installed}/clang`] : []), ld?.trim() || 'ld']
      return {
        name: 'clang', path: program, version: fullVersion[2], fullVersion: fullVersion[1], target, files,
        includeDirs: {c: includeSearchOf(c ?? ''), 'c++': includeSearchOf(cxx ?? '')},
        libraryDirs: searchDirsOf(dirs ?? '', 'libraries'),
      }
    },
    command(identity, {sources, output, kind, flags, libs, debug}) {
      return [identity.path, ...(kind === 'shared' ? ['-shared', '-fPIC'] : []), ...flags, ...(debug ? ['-g', '-O0'] : []), ...sources, '-o', output, ...libs]
    },
    inspect: (identity, argv, cwd, scratch) => gnuCommandReads(argv, cwd, identity, scratch),
  }
  registries.compiler.register(clang)
}
export default register
