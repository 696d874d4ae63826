import type {Compiler, Register} from 'tck'
import {probe} from './probe.js'

const clang: Compiler = {
  name: 'clang',
  programs: ['clang', 'clang++'],
  async detect(program = 'clang') {
    const output = await probe(program, ['--version'])
    const version = output && /clang version (\S+)/.exec(output)?.[1]
    const target = output && /^Target: (\S+)/m.exec(output)?.[1]
    // The clang that really runs, should `program` be a wrapper.
    const installed = output && /^InstalledDir: (.+)$/m.exec(output)?.[1]
    return version && target ? {name: 'clang', path: program, version, target, files: installed ? [`${installed}/clang`] : []} : undefined
  },
  command(identity, {sources, output, kind, flags, libs, debug, depfile}) {
    return [
      identity.path,
      ...(kind === 'shared' ? ['-shared', '-fPIC'] : []),
      ...flags,
      ...(debug ? ['-g', '-O0'] : []),
      ...(depfile ? ['-MD', '-MF', depfile] : []),
      ...sources,
      '-o',
      output,
      ...libs,
    ]
  },
}

const register: Register = ({registries}) => registries.compiler.register(clang)
export default register
