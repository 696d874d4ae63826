/**
 * Files a GNU driver's command reads because of a flag, that no depfile lists: the programs a
 * `-B` prefix puts first, the files of `-specs=`, `-fplugin=` and the like, and the profile
 * `-fprofile-use` reads. Keyed present or absent by gnuCommandReads (driver-args.ts).
 */
import {join, resolve} from 'node:path'
import type {CompilerIdentity} from '../contracts/compiler.js'
import type {DriverArgs} from './driver-args.js'

/** `out/main.o` → `out/main`: the name the driver gives a compile's depfile and profile. */
export const withoutExtension = (file: string) => file.replace(/\.[^./]*$/, '')

/**
 * The .gcda files `-fprofile-use` reads for a `-c -o` compile, as gcc names them: the object's
 * path with `.gcda`, or in a profile directory that path with every `/` as `#`.
 */
function profileFiles(args: DriverArgs, cwd: string): string[] {
  if (args.profiles.length === 0 || !args.compileOnly || !args.output) return []
  const stem = withoutExtension(resolve(cwd, args.output))
  return [`${stem}.gcda`, ...args.profiles.filter(Boolean).map((dir) => join(resolve(cwd, dir), `${stem.replace(/\//g, '#')}.gcda`))]
}

/** Programs a GNU driver runs or loads by name, which a `-B` prefix can put first. */
const DRIVER_PROGRAMS = ['cpp', 'cc1', 'cc1plus', 'cc1obj', 'lto1', 'collect2', 'lto-wrapper', 'as', 'ld', 'liblto_plugin.so', 'specs']

/**
 * Every place a file the command names by flag may be found, present or not (so one appearing
 * there is a change too): what the driver would run from each `-B` prefix — the prefix itself,
 * and its `machine/version/` — and the files of `-specs=`, `-fplugin=` and the like, given by
 * path or, for a bare name, in the prefixes and library directories the driver searches.
 */
export function flagNamedFiles(args: DriverArgs, cwd: string, identity: CompilerIdentity): string[] {
  const versions = [...new Set([identity.version, identity.version.split('.')[0]])]
  const prefixes = args.prefixes.flatMap((prefix) => {
    const at = resolve(cwd, prefix) + (/\/$/.test(prefix) ? '/' : '')
    const dir = at.endsWith('/') ? at : `${at}/`
    return [...new Set([at, dir, ...versions.map((version) => `${dir}${identity.target}/${version}/`)])]
  })
  const programs = new Set([...DRIVER_PROGRAMS, ...(identity.files ?? []).map((file) => file.slice(file.lastIndexOf('/') + 1)).filter((name) => !/^lib.*\.so/.test(name))])
  const files = prefixes.flatMap((prefix) => [...programs].map((name) => prefix + name))
  for (const {flag, file} of args.flagFiles) {
    files.push(resolve(cwd, file))
    if (file.includes('/')) continue
    const dirs = [...prefixes, ...(identity.libraryDirs ?? []).map((dir) => `${dir}/`), ...(identity.path.includes('/') ? [`${identity.path.slice(0, identity.path.lastIndexOf('/'))}/`] : [])]
    files.push(...dirs.map((dir) => (flag === '-fplugin' ? `${dir}plugin/${file}.so` : dir + file)))
  }
  return [...new Set([...files, ...profileFiles(args, cwd)])]
}
