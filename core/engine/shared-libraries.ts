/**
 * The shared libraries programs load, as the dynamic loader resolves them (`ldd`): a compiler's
 * behaviour lives in them too (cc1's libisl and libmpfr, clang's libLLVM), and a distribution
 * upgrades them without touching the binaries that load them. Asked only when a compiler is
 * identified, never on a cached rebuild; a program that is not dynamic (a script, a static
 * binary) has none, and where `ldd` is missing none are known.
 */
import {execFile} from 'node:child_process'
import {log} from '../log.js'

/** A resolved library (`libz.so.1 => /lib/…/libz.so.1 (0x…)`) or the loader itself (`/lib64/ld-linux-x86-64.so.2 (0x…)`). */
const LIBRARY = /^\s+(?:\S+ => )?(\/\S+) \(0x[0-9a-f]+\)$/

export function sharedLibraries(programs: string[]): Promise<string[]> {
  if (programs.length === 0) return Promise.resolve([])
  return new Promise((resolve) => {
    // ldd exits 1 when one of them is not dynamic, and still lists the others.
    execFile('ldd', programs, {encoding: 'utf8', timeout: 10_000}, (error, stdout) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') log.debug('no ldd on PATH: compilers are keyed without their shared libraries')
      const found = new Set<string>()
      for (const line of (stdout ?? '').split('\n')) {
        const match = LIBRARY.exec(line)
        if (match) found.add(match[1])
      }
      resolve([...found].sort())
    })
  })
}
