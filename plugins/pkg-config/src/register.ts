/**
 * Tasks that name packages in `attrs.pkgs` ("glib-2.0 zlib") get their compile flags after the
 * compiler and their libraries at the end of argv (so `--as-needed` linkers keep them), and the
 * packages' versions become part of the task's key.
 */
import type {Register} from 'tck'
import {packageVersions, resolvePackages} from './pkg-config.js'

const packagesOf = (attrs: Record<string, string>) => (attrs.pkgs ?? '').split(/\s+/).filter(Boolean)

const register: Register = ({pipeline, registries}) => {
  registries.packageManager.register({name: 'pkg-config', resolve: resolvePackages})

  pipeline.computeKey.tap(async (parts, {task}) => {
    const packages = packagesOf(task.attrs)
    if (packages.length > 0) parts.push(['pkg-config', await packageVersions(packages)])
    return parts
  })

  pipeline.beforeExecute.tap(async (request, {task}) => {
    const packages = packagesOf(task.attrs)
    if (packages.length === 0) return request
    const {cflags, libs} = await resolvePackages(packages)
    return {...request, argv: [request.argv[0], ...cflags, ...request.argv.slice(1), ...libs]}
  })
}

export default register
