import type {Compiler, Register} from 'tck'
import {probe} from './probe.js'

/** tcc says `tcc version 0.9.27 (x86_64 Linux)`; the target is written as a triple-like `x86_64-linux`. */
const tcc: Compiler = {
  name: 'tcc',
  programs: ['tcc'],
  // tcc names a `#line` file relative to the source file's directory, even an absolute one; from stdin it has none.
  sourceFromStdin: true,
  async detect(program = 'tcc') {
    const match = /^tcc version (\S+) \(([^)]+)\)/m.exec((await probe(program, ['-v'])) ?? '')
    if (!match) return undefined
    return {name: 'tcc', path: program, version: match[1], target: match[2].toLowerCase().replace(/\s+/g, '-')}
  },
  command(identity, {sources, output, kind, flags, libs, debug, depfile}) {
    return [
      identity.path,
      ...(kind === 'shared' ? ['-shared'] : []),
      ...flags,
      ...(debug ? ['-g'] : []),
      ...(depfile ? ['-MD', '-MF', depfile] : []),
      ...sources,
      '-o',
      output,
      ...libs,
    ]
  },
}

const register: Register = ({registries}) => registries.compiler.register(tcc)
export default register
