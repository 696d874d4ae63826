/** Which compiler a script uses: a registered compiler by name, or any program a compiler plugin recognises. */
import type {Compiler, CompilerIdentity} from '../contracts/compiler.js'
import {TckError} from '../errors.js'
import type {Registries} from '../registries.js'
import {findProgram} from './dirs.js'

export const DEFAULT_COMPILER = 'gcc'

export interface SelectedCompiler {
  provider: Compiler
  identity: CompilerIdentity
  /** What the user asked for (a compiler name or a program): the launcher resolves it again. */
  requested: string
}

export async function selectCompiler(registries: Registries, requested: string): Promise<SelectedCompiler> {
  const named = registries.compiler.has(requested) ? registries.compiler.get(requested) : undefined
  const program = named ? named.program ?? named.name : requested
  const path = findProgram(program)
  const known = registries.compiler.list().map(({name}) => name).join(', ') || 'none'
  if (!path) {
    throw new TckError('PROVIDER_NOT_FOUND', `compiler "${requested}": no program ${program} on PATH`, {
      hint: named ? `Install ${program}, or pick another compiler with --compiler (registered: ${known}).` : `Name a registered compiler (${known}) or a compiler program on PATH.`,
    })
  }
  const candidates = named ? [named] : registries.compiler.list().map(({provider}) => provider)
  for (const provider of candidates) {
    const identity = await provider.detect(path)
    if (identity) return {provider, identity, requested}
  }
  throw new TckError('PROVIDER_NOT_FOUND', `compiler "${requested}" (${path}) is not a compiler any plugin recognises (registered: ${known})`, {
    hint: 'Add the compiler plugin for it, e.g. tck plugins add compiler-clang, or pick another with --compiler.',
  })
}
