/**
 * Validation of what a package put in the target root: the files the book says it installs are
 * there, the commands it gives (`run:`, e.g. `gzip --version`) run against the root, and every
 * ELF file it installed finds its shared libraries — in the root, or (reported as such) on the
 * host, since a book built with the host's toolchain links the host's C library.
 */
import {execFile} from 'node:child_process'
import {lstat} from 'node:fs/promises'
import {join} from 'node:path'
import {promisify} from 'node:util'
import type {Package} from '../book/model.js'
import type {MergedPackage} from '../building/merge.js'
import {RootPaths} from '../building/root-path.js'
import {dynamicSections, hostLibrarySet, inRoot, isElf, rootLibraryDirs, searchDirs} from './elf.js'

const run = promisify(execFile)

export interface Validation {
  key: string
  ok: boolean
  problems: string[]
  files: number
  commands: number
  elfFiles: number
  /** Libraries found only on the host (libc.so.6 for a book built with the host's toolchain). */
  fromHost: string[]
}

export function rootEnv(root: string): Record<string, string> {
  const within = (dirs: string[]) => dirs.map((dir) => join(root, dir)).join(':')
  return {
    ...(process.env as Record<string, string>),
    PATH: `${within(['usr/bin', 'usr/sbin', 'bin', 'sbin'])}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    LD_LIBRARY_PATH: within(rootLibraryDirs),
  }
}

async function exists(paths: RootPaths, path: string): Promise<boolean> {
  return Boolean(await lstat(join(paths.root, await paths.resolveParent(path.replace(/^\/+/, '')))).catch(() => undefined))
}

export async function validatePackage(root: string, pkg: Package, merged: MergedPackage, key: string): Promise<Validation> {
  const paths = new RootPaths(root)
  const problems: string[] = []
  for (const file of pkg.files) if (!(await exists(paths, file))) problems.push(`declared file /${file.replace(/^\/+/, '')} is not in the root`)
  for (const command of pkg.run) {
    try {
      await run('/bin/bash', ['-c', command], {cwd: root, env: rootEnv(root), timeout: 60_000, maxBuffer: 16 << 20})
    } catch (error) {
      const failed = error as {code?: number | string; signal?: string; stderr?: string; stdout?: string}
      const tail = `${failed.stderr ?? ''}${failed.stdout ?? ''}`.trim().split('\n').slice(-5).join('\n    ')
      problems.push(`\`${command}\` ${failed.signal ? `was killed by ${failed.signal}` : `exited with ${failed.code}`}${tail ? `:\n    ${tail}` : ''}`)
    }
  }
  const elfs: string[] = []
  for (const file of merged.files) {
    const path = join(root, await paths.resolveParent(file))
    const info = await lstat(path).catch(() => undefined)
    if (info?.isFile() && (await isElf(path))) elfs.push(file)
  }
  const host = await hostLibrarySet()
  const fromHost = new Set<string>()
  for (const [file, dynamic] of await dynamicSections(root, elfs)) {
    for (const name of dynamic.needed) {
      let found = false
      for (const dir of searchDirs(file, dynamic)) if (await exists(paths, `${dir}/${name}`)) found = true
      if (found) continue
      if (host.has(name)) fromHost.add(name)
      else if (!(await lstat(inRoot('/', 'usr/lib', name)).catch(() => undefined))) problems.push(`/${file} needs ${name}, which neither the root nor the host has`)
    }
  }
  return {key, ok: problems.length === 0, problems, files: pkg.files.length, commands: pkg.run.length, elfFiles: elfs.length, fromHost: [...fromHost].sort()}
}
