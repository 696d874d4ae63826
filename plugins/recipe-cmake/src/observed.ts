/**
 * What a CMake project's tasks depend on besides their keys, told to the build's observer, so that
 * a no-change `tck build` or `tck configure` is answered from stat data without starting Node
 * (core/engine/unchanged/). It names what prepare() (project.ts), readReply() (file-api.ts) and the
 * taps (taps.ts) read on a build that reuses the resolved toolchain: a new read there belongs here.
 * (What Ninja's steps read is told after the build, from its deps log: taps.ts.)
 */
import {join} from 'node:path'
import type {BuildObserver} from 'tck'
import {USER_PRESETS} from './presets.js'
import type {Plan} from './project.js'
import {statePath} from './state.js'

const BACKENDS = {auto: ['ninja', 'make'], Ninja: ['ninja'], 'Unix Makefiles': ['make']} as const
/** Package manifests the bundled package managers look for. */
const MANIFESTS = ['conanfile.txt', 'conanfile.py', 'vcpkg.json', 'vcpkg-configuration.json']

export function observeProject(observe: BuildObserver, plan: Plan, external: string[]): void {
  const {root, settings, buildPath, toolchain} = plan
  const launchers = settings.launcher === 'auto' ? ['ccache', 'sccache'] : settings.launcher === 'none' ? [] : [settings.launcher]
  const linker = settings.linker === 'default' ? [] : [`ld.${settings.linker}`]
  for (const name of ['cmake', 'ctest', ...BACKENDS[settings.generator], ...launchers, ...linker]) observe.which(name)
  const compilers = [toolchain.c?.[0], toolchain.cxx?.[0]].filter((path): path is string => Boolean(path))
  // By content, the files tck writes and reads back (a change a moment before the record is then checked by content).
  for (const file of [statePath(root), join(root, 'CMakePresets.json'), join(root, USER_PRESETS), join(root, plan.toolchainFile), join(buildPath, 'CMakeCache.txt')]) observe.readFile(file)
  // The File API reply: a configure adds a new index (and target files named by their content) to its directory.
  const reply = join(buildPath, '.cmake', 'api', 'v1', 'reply')
  for (const file of [...compilers, ...external, reply, ...MANIFESTS.map((name) => join(root, name))]) observe.stat(file)
  if (plan.packages.length > 0) observe.refuse(`packages come from ${plan.packages.map(({manager}) => manager).join(', ')}, which is asked at every build`)
  // Warnings are given at every build; only Node gives them.
  if (plan.notes.length > 0) observe.refuse('the project has warnings to give')
}
