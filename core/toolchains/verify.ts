/**
 * Verification levels, each including the one before:
 * minimal (the programs are there), standard (the compiler runs and reports the expected
 * version), thorough (headers compile, the sysroot exists, the linker links), paranoid (a C and a
 * C++ hello compile, link and run — under qemu-user when the target is another CPU).
 */
import {access, constants, mkdtemp, rm, stat, writeFile} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {gnuCpu, hostPlatform} from '../io/platform.js'
import {run as runProgram, which} from '../io/tools.js'
import {compilerCommand, programPath, versionCommand, type Language, type ToolchainRef} from './compilers.js'
import {parseVersion} from './version.js'

export const LEVELS = ['minimal', 'standard', 'thorough', 'paranoid'] as const
export type VerifyLevel = (typeof LEVELS)[number]

export interface Check {
  level: VerifyLevel
  name: string
  ok: boolean
  detail: string
}

export interface Verification {
  ok: boolean
  level: VerifyLevel
  checks: Check[]
}

async function run(argv: string[], cwd: string, timeoutMs = 120_000): Promise<{code: number; output: string}> {
  const {code, stdout, stderr} = await runProgram(argv[0], argv.slice(1), {cwd, timeoutMs})
  return {code: code < 0 ? 127 : code, output: `${stdout}${stderr}`.trim()}
}

const tail = (text: string) => text.split('\n').slice(-4).join(' | ')

/** The CPU a target triple names, when it differs from ours: such binaries run under qemu-user. */
function foreignCpu(target: string | undefined): string | undefined {
  const cpu = target?.split('-')[0]
  return cpu && cpu !== gnuCpu(hostPlatform().arch) ? cpu : undefined
}

export function runnerFor(target: string | undefined, sysroot?: string): string[] | undefined {
  const cpu = foreignCpu(target)
  if (!cpu) return []
  const qemu = which(`qemu-${cpu}-static`) ?? which(`qemu-${cpu}`)
  if (!qemu) return undefined
  const libraries = sysroot ?? `/usr/${cpu}-linux-gnu`
  return [qemu, '-L', libraries]
}

const sources: Record<Language, {file: string; hello: string; headers: string}> = {
  c: {file: 'hello.c', hello: '#include <stdio.h>\nint main(void) { puts("hello from tck"); return 0; }\n', headers: '#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\nint f(void) { return (int)strlen("x"); }\n'},
  cxx: {file: 'hello.cpp', hello: '#include <iostream>\nint main() { std::cout << "hello from tck" << std::endl; return 0; }\n', headers: '#include <vector>\n#include <string>\nint f() { std::vector<std::string> v{"x"}; return (int)v.size(); }\n'},
}

export async function verifyToolchain(toolchain: ToolchainRef, level: VerifyLevel, options: {target?: string; languages?: Language[]} = {}): Promise<Verification> {
  const checks: Check[] = []
  const wanted = LEVELS.indexOf(level)
  const add = (at: VerifyLevel, name: string, ok: boolean, detail: string) => checks.push({level: at, name, ok, detail})
  const failed = () => checks.some((check) => !check.ok)
  const languages = (options.languages ?? ['c', 'cxx']).filter((language) => toolchain.layout.compilers[language])
  const target = options.target ?? toolchain.layout.target

  // minimal
  const bin = join(toolchain.root, toolchain.layout.bin)
  add('minimal', 'bin directory', Boolean(await stat(bin).catch(() => undefined)), bin)
  add('minimal', 'compilers declared', languages.length > 0, languages.join(', ') || 'the layout names no compiler')
  for (const language of languages) {
    const program = programPath(toolchain, toolchain.layout.compilers[language]![0])
    const ok = await access(program, constants.X_OK).then(() => true, () => false)
    add('minimal', `${language} compiler present`, ok, program)
  }
  if (wanted < 1 || failed()) return {ok: !failed(), level, checks}

  // standard
  const command = versionCommand(toolchain)!
  const {code, output} = await run(command, tmpdir(), 30_000)
  const expected = parseVersion(toolchain.version).numbers.slice(0, 3).join('.')
  add('standard', 'reports its version', code === 0 && output.includes(expected), code === 0 ? `${output.split('\n')[0]} (expected ${expected})` : tail(output))
  if (wanted < 2 || failed()) return {ok: !failed(), level, checks}

  const work = await mkdtemp(join(tmpdir(), 'tck-verify-'))
  try {
    // thorough
    for (const language of languages) {
      const file = join(work, `headers-${sources[language].file}`)
      await writeFile(file, sources[language].headers)
      const compiled = await run([...compilerCommand(toolchain, language, target)!, '-c', file, '-o', join(work, `headers-${language}.o`)], work)
      add('thorough', `${language} standard headers compile`, compiled.code === 0, compiled.code === 0 ? 'ok' : tail(compiled.output))
    }
    if (toolchain.layout.sysroot) {
      const sysroot = join(toolchain.root, toolchain.layout.sysroot)
      add('thorough', 'sysroot present', Boolean(await stat(sysroot).catch(() => undefined)), sysroot)
    }
    const objectFile = join(work, 'headers-c.o')
    if (languages.includes('c') && !failed()) {
      await writeFile(join(work, 'main.c'), 'int f(void);\nint main(void) { return f() - 1; }\n')
      const linked = await run([...compilerCommand(toolchain, 'c', target)!, join(work, 'main.c'), objectFile, '-o', join(work, 'linked')], work)
      add('thorough', 'linker links an executable', linked.code === 0, linked.code === 0 ? 'ok' : tail(linked.output))
    }
    if (wanted < 3 || failed()) return {ok: !failed(), level, checks}

    // paranoid
    const sysroot = toolchain.layout.sysroot ? join(toolchain.root, toolchain.layout.sysroot) : undefined
    const runner = runnerFor(target, sysroot)
    for (const language of languages) {
      const source = join(work, sources[language].file)
      await writeFile(source, sources[language].hello)
      const binary = join(work, `hello-${language}`)
      const built = await run([...compilerCommand(toolchain, language, target)!, source, '-o', binary], work, 300_000)
      add('paranoid', `${language} hello compiles and links`, built.code === 0, built.code === 0 ? binary : tail(built.output))
      if (built.code !== 0) continue
      if (!runner) {
        add('paranoid', `${language} hello runs`, false, `no qemu-user for ${target}: apt-get install qemu-user-static`)
        continue
      }
      const ran = await run([...runner, binary], work, 60_000)
      const how = runner.length > 0 ? ` under ${runner[0]}` : ''
      add('paranoid', `${language} hello runs${how}`, ran.code === 0 && ran.output.includes('hello from tck'), tail(ran.output) || `exit ${ran.code}`)
    }
    return {ok: !failed(), level, checks}
  } finally {
    await rm(work, {recursive: true, force: true})
  }
}
