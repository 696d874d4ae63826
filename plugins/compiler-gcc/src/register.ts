import {existsSync} from 'node:fs'
import type {Compiler, Register} from 'tck'

/** What the driver runs besides itself: the compiler proper, the LTO and link steps, the assembler and linker (bare names: found on PATH). */
const PROGRAMS = ['cc1', 'cc1plus', 'collect2', 'lto-wrapper', 'as', 'ld']

const register: Register = ({registries, api}) => {
  const {gnuCommandReads, includeSearchOf, probe, searchDirsOf} = api.compilers
  const gcc: Compiler = {
    name: 'gcc',
    programs: ['gcc', 'g++', 'cc', 'c++'],
    cxxOf: (program) => (/(^|-)gcc(-[\d.]+)?$/.test(program) ? program.replace(/gcc(-[\d.]+)?$/, 'g++$1') : /(^|-)cc$/.test(program) ? program.replace(/cc$/, 'c++') : undefined),
    async detect(program = 'gcc') {
      // `-v` names the full version (with the distribution's revision) and the target in one run of the driver.
      const output = await probe(program, ['-v'])
      const fullVersion = output && /^(gcc version (\S+).*?)\s*$/m.exec(output)
      const target = output && /^Target: (\S+)/m.exec(output)?.[1]
      if (!fullVersion || !target) return undefined
      const [programs, plugin, c, cxx, dirs] = await Promise.all([
        Promise.all(PROGRAMS.map((name) => probe(program, [`-print-prog-name=${name}`]))),
        probe(program, ['-print-file-name=liblto_plugin.so']),
        probe(program, ['-E', '-v', '-x', 'c', '-']),
        probe(program, ['-E', '-v', '-x', 'c++', '-']),
        probe(program, ['-print-search-dirs']),
      ])
      // A program the driver does not have (cc1plus without g++) prints its bare name back; `as` and `ld` it runs from PATH.
      const files = programs.map((out, index) => out?.trim() || PROGRAMS[index])
        .filter((path, index) => (path.includes('/') ? existsSync(path) : PROGRAMS[index] === 'as' || PROGRAMS[index] === 'ld'))
      const lto = plugin?.trim()
      if (lto?.startsWith('/') && existsSync(lto)) files.push(lto)
      // The compiler proper next to the LTO wrapper `-v` names: the gcc a wrapper (ccache) really runs.
      const libexec = /^COLLECT_LTO_WRAPPER=(.+)\/lto-wrapper$/m.exec(output)?.[1]
      if (libexec) files.push(...['cc1', 'cc1plus'].map((name) => `${libexec}/${name}`).filter((path) => existsSync(path)))
      return {
        name: 'gcc', path: program, version: fullVersion[2], fullVersion: fullVersion[1], target, files: [...new Set(files)],
        includeDirs: {c: includeSearchOf(c ?? ''), 'c++': includeSearchOf(cxx ?? '')},
        libraryDirs: searchDirsOf(dirs ?? '', 'libraries'),
      }
    },
    command(identity, {sources, output, kind, flags, libs, debug}) {
      return [identity.path, ...(kind === 'shared' ? ['-shared', '-fPIC'] : []), ...flags, ...(debug ? ['-g3', '-O0'] : []), ...sources, '-o', output, ...libs]
    },
    // Several sources in one command: gcc appends each one's dependencies to the file SUNPRO_DEPENDENCIES names.
    inspect: (identity, argv, cwd, scratch) => gnuCommandReads(argv, cwd, identity, scratch, {multiSourceEnv: 'SUNPRO_DEPENDENCIES', assemblerListing: true, dateFrom: 'SOURCE_DATE_EPOCH'}),
  }
  registries.compiler.register(gcc)
}
export default register
