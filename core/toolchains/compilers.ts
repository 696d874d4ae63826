/** Turning a layout into commands: absolute program paths, `${root}` flags, target flags. */
import {join} from 'node:path'
import type {ToolchainLayout} from '../contracts/toolchain.js'

export type Language = 'c' | 'cxx'

export interface ToolchainRef {
  name: string
  version: string
  root: string
  layout: ToolchainLayout
}

export function programPath(toolchain: ToolchainRef, program: string): string {
  return join(toolchain.root, toolchain.layout.bin, program)
}

/** The argv prefix that compiles `language` (program, leading args, layout flags, target flag). */
export function compilerCommand(toolchain: ToolchainRef, language: Language, target?: string): string[] | undefined {
  const compiler = toolchain.layout.compilers[language]
  if (!compiler) return undefined
  const [program, ...leading] = compiler
  const flags = (toolchain.layout.flags?.[language] ?? []).map((flag) => flag.replaceAll('${root}', toolchain.root))
  const targetFlag = toolchain.layout.targetFlag
  const targeting = target && targetFlag ? (targetFlag.endsWith('=') ? [`${targetFlag}${target}`] : [targetFlag, target]) : []
  return [programPath(toolchain, program), ...leading, ...targeting, ...flags]
}

export function versionCommand(toolchain: ToolchainRef): string[] | undefined {
  const command = toolchain.layout.versionCommand
  if (command) return [programPath(toolchain, command[0]), ...command.slice(1)]
  const c = toolchain.layout.compilers.c ?? toolchain.layout.compilers.cxx
  return c ? [programPath(toolchain, c[0]), ...c.slice(1), '--version'] : undefined
}
