/**
 * The shared libraries ELF files need (`DT_NEEDED`, `DT_RUNPATH`/`DT_RPATH`), read with binutils'
 * `readelf -d` — one run for all of a package's files — and where each is found: in the target
 * root (its library directories and the file's run paths, `$ORIGIN` and absolute paths taken
 * inside the root), else on the host (ld.so's cache and default directories).
 */
import {execFile} from 'node:child_process'
import {open} from 'node:fs/promises'
import {join, posix} from 'node:path'
import {promisify} from 'node:util'

const run = promisify(execFile)

export async function isElf(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined)
  if (!handle) return false
  try {
    const head = Buffer.alloc(4)
    await handle.read(head, 0, 4, 0)
    return head.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]))
  } finally {
    await handle.close()
  }
}

export interface Dynamic {
  needed: string[]
  runpath: string[]
}

/** `readelf -dW` over `files` (paths inside `root`), by file. */
export async function dynamicSections(root: string, files: string[]): Promise<Map<string, Dynamic>> {
  const found = new Map<string, Dynamic>()
  if (files.length === 0) return found
  const {stdout} = await run('readelf', ['-dW', ...files], {cwd: root, maxBuffer: 64 << 20}).catch((error) => ({stdout: String(error.stdout ?? '')}))
  let current: Dynamic | undefined
  const single = files.length === 1 ? files[0] : undefined
  if (single) found.set(single, (current = {needed: [], runpath: []}))
  for (const line of stdout.split('\n')) {
    const file = /^File: (.*)$/.exec(line)?.[1]
    if (file) found.set(file, (current = {needed: [], runpath: []}))
    const needed = /\(NEEDED\)\s+Shared library: \[(.*)\]/.exec(line)?.[1]
    if (needed && current) current.needed.push(needed)
    const runpath = /\((?:RUNPATH|RPATH)\)\s+Library r(?:un)?path: \[(.*)\]/.exec(line)?.[1]
    if (runpath && current) current.runpath.push(...runpath.split(':'))
  }
  return found
}

let hostLibraries: Promise<Set<string>> | undefined

/** Library names ld.so finds on this host: its cache, and its default directories. */
export function hostLibrarySet(): Promise<Set<string>> {
  hostLibraries ??= (async () => {
    const names = new Set<string>()
    const {stdout} = await run('ldconfig', ['-p']).catch(() => run('/sbin/ldconfig', ['-p'])).catch(() => ({stdout: ''}))
    for (const line of stdout.split('\n')) {
      const name = /^\s*(\S+)\s+\(/.exec(line)?.[1]
      if (name) names.add(name)
    }
    return names
  })()
  return hostLibraries
}

export const rootLibraryDirs = ['lib', 'usr/lib', 'lib64', 'usr/lib64']

/** The directories (inside the root) a file's libraries are looked up in, run paths first. */
export function searchDirs(file: string, dynamic: Dynamic): string[] {
  const origin = posix.dirname(file)
  const fromRunpath = dynamic.runpath.map((entry) => posix.normalize(entry.replace(/\$\{?ORIGIN\}?/g, `/${origin}`)).replace(/^\/+/, ''))
  return [...fromRunpath, ...rootLibraryDirs]
}

export const inRoot = (root: string, dir: string, name: string) => join(root, dir, name)
