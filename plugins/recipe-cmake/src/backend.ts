/** The build backend CMake generates for: Ninja when it is installed, else Make; neither is an error that says what to install. */
import type {TckApi} from 'tck'
import type {CMakeSettings} from './settings.js'

export interface Backend {
  generator: 'Ninja' | 'Unix Makefiles'
  program: string
}

const PROGRAMS = {Ninja: 'ninja', 'Unix Makefiles': 'make'} as const
const PACKAGES = {Ninja: 'ninja-build', 'Unix Makefiles': 'make'} as const

export function detectBackend(api: TckApi, settings: Pick<CMakeSettings, 'generator'>): Backend {
  const wanted = settings.generator === 'auto' ? (['Ninja', 'Unix Makefiles'] as const) : [settings.generator]
  for (const generator of wanted) {
    const program = api.which(PROGRAMS[generator])
    if (program) return {generator, program}
  }
  if (settings.generator !== 'auto') {
    throw new api.TckError('TOOLCHAIN_NOT_FOUND', `plugins.cmake.generator is "${settings.generator}", but ${PROGRAMS[settings.generator]} is not on PATH`, {
      hint: `Install it (apt-get install ${PACKAGES[settings.generator]}), or set generator: 'auto'.`,
    })
  }
  throw new api.TckError('TOOLCHAIN_NOT_FOUND', 'no build backend for CMake: neither ninja nor make is on PATH', {
    hint: 'Install Ninja (apt-get install ninja-build), which tck prefers, or GNU make (apt-get install make).',
  })
}

export function requireCMake(api: TckApi): {cmake: string; ctest: string} {
  const cmake = api.which('cmake')
  const ctest = api.which('ctest')
  if (!cmake || !ctest) {
    throw new api.TckError('TOOLCHAIN_NOT_FOUND', 'cmake is not on PATH', {hint: 'Install CMake 3.21 or newer (apt-get install cmake).'})
  }
  return {cmake, ctest}
}
