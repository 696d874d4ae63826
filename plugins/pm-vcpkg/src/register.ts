/**
 * pm-vcpkg: a CMake project with a vcpkg.json (manifest mode) gets a `vcpkg install` task before
 * CMake configures — with a triplet from the target that chain-loads tck's toolchain file — and
 * CMake loads vcpkg.cmake as its toolchain file, with VCPKG_CHAINLOAD_TOOLCHAIN_FILE set to tck's.
 * vcpkg is found on PATH; when it is missing, the message says how to get it.
 */
import {existsSync} from 'node:fs'
import {readFile} from 'node:fs/promises'
import {isAbsolute, join, relative, resolve} from 'node:path'
import type {PackageFlags, Register} from 'tck'
import {renderTriplet, toolchainOf, tripletArch, vcpkgRoot} from './root.js'

const SETTINGS = ['overlayPorts'] as const

const register: Register = ({api, pipeline, registries}) => {
  pipeline.configLoaded.tap((build) => {
    for (const [key, value] of Object.entries(build.config.plugins.vcpkg ?? {})) {
      if (key !== 'overlayPorts' || !Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
        throw new api.TckError('CONFIG_INVALID', `${build.configFile ?? 'tck.config'}: plugins.vcpkg.${key} must be one of ${SETTINGS.join(', ')} (overlayPorts a list of directories)`, {
          hint: "e.g. plugins: {vcpkg: {overlayPorts: ['ports']}}",
        })
      }
    }
  })

  registries.packageManager.register({
    name: 'vcpkg',
    async resolve(): Promise<PackageFlags> {
      throw new api.TckError('USAGE', 'vcpkg gives packages to CMake projects through their vcpkg.json manifest, not by name', {
        hint: 'Add a vcpkg.json next to CMakeLists.txt; for tasks and scripts, use pkg-config (attrs.pkgs).',
      })
    },
    async cmake(request) {
      if (!existsSync(join(request.root, 'vcpkg.json'))) return undefined
      const how = 'Get vcpkg with `git clone https://github.com/microsoft/vcpkg && ./vcpkg/bootstrap-vcpkg.sh`, then put it on PATH and set VCPKG_ROOT to the clone.'
      const vcpkg = api.which('vcpkg')
      if (!vcpkg) throw new api.TckError('TOOLCHAIN_NOT_FOUND', 'vcpkg.json needs vcpkg, and vcpkg is not on PATH', {hint: how})
      const root = await vcpkgRoot(vcpkg)
      if (!root) throw new api.TckError('TOOLCHAIN_NOT_FOUND', `cannot find vcpkg's root (scripts/buildsystems/vcpkg.cmake) for ${vcpkg}`, {hint: `Set VCPKG_ROOT. ${how}`})
      const settings = request.settings as {overlayPorts?: string[]}
      const triplet = `${tripletArch(request.toolchain.target)}-linux-tck`
      const triplets = join(request.root, '.tck', 'vcpkg', 'triplets')
      const tripletFile = join(triplets, `${triplet}.cmake`)
      const text = renderTriplet(request.toolchain.target, request.toolchainFile)
      if ((await readFile(tripletFile, 'utf8').catch(() => undefined)) !== text) await api.atomicWriteFile(tripletFile, text)
      const installed = join(request.buildDir, 'vcpkg_installed')
      const rel = (path: string) => relative(request.root, path)
      const overlays = (settings.overlayPorts ?? []).map((dir) => (isAbsolute(dir) ? dir : resolve(request.root, dir)))
      // The ports' files are what vcpkg builds from: inside the project, they are part of the install's key.
      const portInputs = overlays.map(rel).filter((dir) => !dir.startsWith('..'))
      return {
        manifests: ['vcpkg.json', ...(existsSync(join(request.root, 'vcpkg-configuration.json')) ? ['vcpkg-configuration.json'] : [])],
        install: {
          argv: [
            vcpkg, 'install', `--x-manifest-root=.`, `--x-install-root=${rel(installed)}`, `--triplet=${triplet}`, `--host-triplet=${triplet}`,
            `--overlay-triplets=${rel(triplets)}`, ...overlays.map((dir) => `--overlay-ports=${dir}`),
          ],
          env: {VCPKG_ROOT: root, VCPKG_FORCE_SYSTEM_BINARIES: '1'},
          envPass: ['XDG_CACHE_HOME', 'VCPKG_BINARY_SOURCES', 'VCPKG_DEFAULT_BINARY_CACHE', 'VCPKG_DOWNLOADS', 'VCPKG_DISABLE_METRICS'],
          inputs: [rel(tripletFile), ...portInputs],
          outputs: [rel(installed)],
          tools: [vcpkg],
        },
        toolchainFile: toolchainOf(root),
        cacheVariables: {
          VCPKG_CHAINLOAD_TOOLCHAIN_FILE: request.toolchainFile,
          VCPKG_TARGET_TRIPLET: triplet,
          VCPKG_MANIFEST_INSTALL: 'OFF',
          VCPKG_INSTALLED_DIR: installed,
        },
        env: {VCPKG_ROOT: root},
      }
    },
  })
}

export default register
