/**
 * Tasks that name packages in `attrs.pkgs` ("glib-2.0 zlib") get the packages' versions in their
 * key. An argv task gets the compile flags after the compiler and the libraries at the end (so
 * `--as-needed` linkers keep them); a shell-script task cannot be spliced, so it gets them as
 * $PKG_CFLAGS and $PKG_LIBS to place itself.
 */
import type {Register} from 'tck'
import {packageVersions, resolvePackages} from './pkg-config.js'

const packagesOf = (attrs: Record<string, string>) => (attrs.pkgs ?? '').split(/\s+/).filter(Boolean)

const register: Register = ({pipeline, registries}) => {
  registries.packageManager.register({name: 'pkg-config', resolve: resolvePackages})

  pipeline.computeKey.tap(async (parts, {task}) => {
    const packages = packagesOf(task.attrs)
    if (packages.length > 0) parts.push({kind: 'pkg-config', name: packages.join(' '), value: await packageVersions(packages)})
    return parts
  })

  pipeline.requestCreated.tap(async (request, {task}) => {
    const packages = packagesOf(task.attrs)
    if (packages.length === 0) return request
    const {cflags, libs} = await resolvePackages(packages)
    if ('script' in task.command) return {...request, env: {...request.env, PKG_CFLAGS: cflags.join(' '), PKG_LIBS: libs.join(' ')}}
    return {...request, argv: [request.argv[0], ...cflags, ...request.argv.slice(1), ...libs]}
  })
}

export default register
