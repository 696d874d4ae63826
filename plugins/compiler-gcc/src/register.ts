import {existsSync} from 'node:fs'
import type {Compiler, Register} from 'tck'
import {probe} from './probe.js'

const gcc: Compiler = {
  name: 'gcc',
  programs: ['gcc', 'g++', 'cc', 'c++'],
  async detect(program = 'gcc') {
    // `-v` names both the version and the target in one run of the driver (no cc1).
    const output = await probe(program, ['-v'])
    const version = output && /^gcc version (\S+)/m.exec(output)?.[1]
    const target = output && /^Target: (\S+)/m.exec(output)?.[1]
    // The driver may be a wrapper (ccache, a script); cc1 next to the LTO wrapper is the compiler proper,
    // and cc1plus for C++ (packaged apart from cc1 by Debian, so upgraded apart).
    const libexec = output && /^COLLECT_LTO_WRAPPER=(.+)\/lto-wrapper$/m.exec(output)?.[1]
    const files = libexec ? [`${libexec}/cc1`, ...(existsSync(`${libexec}/cc1plus`) ? [`${libexec}/cc1plus`] : [])] : []
    return version && target ? {name: 'gcc', path: program, version, target, files} : undefined
  },
  command(identity, {sources, output, kind, flags, libs, debug, depfile}) {
    return [
      identity.path,
      ...(kind === 'shared' ? ['-shared', '-fPIC'] : []),
      ...flags,
      ...(debug ? ['-g3', '-O0'] : []),
      ...(depfile ? ['-MD', '-MF', depfile] : []),
      ...sources,
      '-o',
      output,
      ...libs,
    ]
  },
}

const register: Register = ({registries}) => registries.compiler.register(gcc)
export default register
