/**
 * `tck init`: a tck.config.mjs that says what was found — a CMake project with the generator,
 * launcher, compilers and package manifests this machine and project have, or for any other
 * project a config with its build command as a task — and `.tck/` in .gitignore.
 */
import {existsSync, readdirSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {TckApi} from 'tck'

export interface Found {
  cmake: boolean
  generator?: string
  launcher?: string
  compiler?: string
  packageManagers: Array<{name: string; manifest: string; plugin: string}>
  makefile: boolean
}

const CONFIG_NAMES = /^(tck\.config\.(mjs|js|cjs|json|yaml|yml|ts)|\.tckrc(\.(json|yaml|yml|js|mjs|cjs))?)$/

export function existingConfig(dir: string): string | undefined {
  return readdirSync(dir).find((name) => CONFIG_NAMES.test(name))
}

export async function survey(api: TckApi, dir: string): Promise<Found> {
  const has = (name: string) => existsSync(join(dir, name))
  const system = has('CMakeLists.txt') ? await api.toolchains.bestSystemToolchain({cxx: true}) : undefined
  const packageManagers = [
    ...(has('conanfile.txt') ? [{name: 'conan', manifest: 'conanfile.txt', plugin: 'pm-conan'}] : has('conanfile.py') ? [{name: 'conan', manifest: 'conanfile.py', plugin: 'pm-conan'}] : []),
    ...(has('vcpkg.json') ? [{name: 'vcpkg', manifest: 'vcpkg.json', plugin: 'pm-vcpkg'}] : []),
  ]
  return {
    cmake: has('CMakeLists.txt'),
    generator: api.which('ninja') ? 'Ninja' : api.which('make') ? 'Unix Makefiles' : undefined,
    launcher: api.which('ccache') ? 'ccache' : api.which('sccache') ? 'sccache' : undefined,
    compiler: system ? `${system.family} ${system.version}` : undefined,
    packageManagers,
    makefile: has('Makefile') || has('makefile') || has('GNUmakefile'),
  }
}

export function renderConfig(found: Found): string {
  const head = '// tck.config.mjs, written by `tck init`. Settings: docs/configuration.md; CMake projects: docs/cmake.md.\n'
  if (!found.cmake) {
    const task = found.makefile
      ? "    build: {run: ['make'], inputs: ['Makefile'], cache: false}, // make decides what is out of date\n"
      : "    // hello: {run: 'echo hello > out/hello.txt', outputs: ['out/hello.txt']},\n"
    return `${head}export default {\n  tasks: {\n${task}  },\n}\n`
  }
  const lines = [
    `    toolchain: 'system', // found: ${found.compiler ?? 'no C++ compiler'}; pin one with e.g. 'llvm@18' (tck toolchain search)`,
    "    buildType: 'Debug',",
    `    generator: '${found.generator ?? 'auto'}',${found.generator ? '' : ' // neither ninja nor make is on PATH: apt-get install ninja-build'}`,
    `    launcher: '${found.launcher ?? 'auto'}',${found.launcher ? '' : ' // no ccache or sccache found: apt-get install ccache'}`,
    "    // linker: 'lld', stdlib: 'libstdc++', sanitizers: ['address', 'undefined'], cacheVariables: {BUILD_TESTING: true},",
  ]
  const notes = found.packageManagers.map((pm) => `// ${pm.manifest} found: \`tck plugins add ${pm.plugin}\` so tck installs its packages before configuring.\n`)
  return `${head}${notes.join('')}export default {\n  plugins: {\n    cmake: {\n${lines.map((line) => `  ${line}`).join('\n')}\n    },\n  },\n}\n`
}

/** The lines .gitignore lacks of those tck needs ignored; the file's new text, or undefined when nothing is missing. */
export async function gitignoreWith(dir: string, cmake: boolean): Promise<{text?: string; added: string[]}> {
  const file = join(dir, '.gitignore')
  const current = await readFile(file, 'utf8').catch(() => '')
  const present = new Set(current.split('\n').map((line) => line.trim()))
  const wanted = ['.tck/', ...(cmake ? ['CMakeUserPresets.json'] : [])]
  const added = wanted.filter((line) => !present.has(line) && !present.has(`/${line}`) && !present.has(line.replace(/\/$/, '')))
  if (added.length === 0) return {added}
  const separator = current === '' || current.endsWith('\n') ? '' : '\n'
  return {text: `${current}${separator}${added.join('\n')}\n`, added}
}
