/** Asks the real pkg-config; a package it does not know is a plain error naming the package. */
import {execFile} from 'node:child_process'
import type {PackageFlags} from 'tck'

function pkgConfig(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('pkg-config', args, {encoding: 'utf8'}, (error, stdout, stderr) => {
      if (!error) return resolve(stdout.trim())
      const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'pkg-config is not installed' : stderr.trim() || error.message
      reject(new Error(reason))
    })
  })
}

const words = (text: string) => text.split(/\s+/).filter(Boolean)

export async function resolvePackages(packages: string[]): Promise<PackageFlags> {
  if (packages.length === 0) return {cflags: [], libs: []}
  const [cflags, libs] = await Promise.all([pkgConfig(['--cflags', ...packages]), pkgConfig(['--libs', ...packages])])
  return {cflags: words(cflags), libs: words(libs)}
}

/** Part of a task's key: the packages' versions, so an upgraded library rebuilds what uses it. */
export function packageVersions(packages: string[]): Promise<string> {
  return pkgConfig(['--modversion', ...packages])
}
