/**
 * pm-conan: a CMake project with a conanfile.txt or conanfile.py gets a `conan install` task before
 * CMake configures — with a profile written from tck's toolchain — and conan_toolchain.cmake
 * included at the end of tck's toolchain file, so find_package finds the packages. Conan itself is
 * found on PATH; when it is missing, the message says how to get it.
 */
import {existsSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {join, relative} from 'node:path'
import type {PackageFlags, Register} from 'tck'
import {renderProfile} from './profile.js'

const MANIFESTS = ['conanfile.py', 'conanfile.txt']
const SETTINGS = ['buildMissing', 'options'] as const

const register: Register = ({api, pipeline, registries}) => {
  pipeline.configLoaded.tap((build) => {
    const settings = build.config.plugins.conan ?? {}
    for (const [key, value] of Object.entries(settings)) {
      const valid = key === 'buildMissing' ? typeof value === 'boolean' : key === 'options' ? Array.isArray(value) && value.every((item) => typeof item === 'string') : false
      if (!valid) {
        throw new api.TckError('CONFIG_INVALID', `${build.configFile ?? 'tck.config'}: plugins.conan.${key} must be one of ${SETTINGS.join(', ')} (buildMissing a boolean, options a list of "pkg/*:option=value")`, {
          hint: "e.g. plugins: {conan: {buildMissing: true, options: ['zlib/*:shared=True']}}",
        })
      }
    }
  })

  registries.packageManager.register({
    name: 'conan',
    async resolve(): Promise<PackageFlags> {
      throw new api.TckError('USAGE', 'conan gives packages to CMake projects through their conanfile.txt or conanfile.py, not by name', {
        hint: 'Add a conanfile.txt next to CMakeLists.txt; for tasks and scripts, use pkg-config (attrs.pkgs).',
      })
    },
    async cmake(request) {
      const manifest = MANIFESTS.find((name) => existsSync(join(request.root, name)))
      if (!manifest) return undefined
      const conan = api.which('conan')
      if (!conan) {
        throw new api.TckError('TOOLCHAIN_NOT_FOUND', `${manifest} needs Conan 2, and conan is not on PATH`, {
          hint: 'Install it with `pip install conan` (Conan 2.x), then check with `conan --version`.',
        })
      }
      const settings = request.settings as {buildMissing?: boolean; options?: string[]}
      const output = join(request.buildDir, 'conan')
      const profile = join(request.root, '.tck', 'conan', `profile-${request.toolchain.family}-${request.toolchain.version}-${request.toolchain.target}-${request.buildType}`)
      const text = renderProfile(request)
      if ((await readFile(profile, 'utf8').catch(() => undefined)) !== text) await api.atomicWriteFile(profile, text)
      // Tools the packages need at build time run here: a native profile for the build machine when cross-compiling.
      const native = request.toolchain.target.split('-')[0] === api.toolchains.gnuCpu(api.toolchains.platform().arch)
      let buildProfile = profile
      if (!native) {
        const system = await api.toolchains.bestSystemToolchain({cxx: true})
        if (system) {
          buildProfile = join(request.root, '.tck', 'conan', `profile-build-${system.family}-${system.version}`)
          const buildText = renderProfile({toolchain: {family: system.family, version: system.version, target: system.target, c: [system.c], cxx: system.cxx ? [system.cxx] : undefined}, buildType: 'Release'})
          if ((await readFile(buildProfile, 'utf8').catch(() => undefined)) !== buildText) await api.atomicWriteFile(buildProfile, buildText)
        }
      }
      const rel = (path: string) => relative(request.root, path)
      return {
        manifests: [manifest],
        install: {
          argv: [
            conan, 'install', '.', `--output-folder=${rel(output)}`, `--profile:host=${rel(profile)}`, `--profile:build=${rel(buildProfile)}`,
            '-g', 'CMakeToolchain', '-g', 'CMakeDeps',
            ...(settings.buildMissing === false ? [] : ['--build=missing']),
            ...(settings.options ?? []).flatMap((option) => ['-o', option]),
          ],
          inputs: [rel(profile), ...(buildProfile !== profile ? [rel(buildProfile)] : [])],
          outputs: [rel(output)],
          envPass: ['CONAN_HOME'],
          tools: [conan],
        },
        includes: [join(output, 'conan_toolchain.cmake')],
      }
    },
  })
}

export default register
