/** The project a command runs in: the nearest directory with a tck.config.*, else the directory itself. */
import {readdirSync} from 'node:fs'
import {dirname, resolve} from 'node:path'

export function projectRoot(cwd: string): string {
  let dir = resolve(cwd)
  for (;;) {
    let names: string[] = []
    try {
      names = readdirSync(dir)
    } catch {}
    if (names.some((name) => /^tck\.config\.[cm]?[jt]s$|^tck\.config\.json$/.test(name))) return dir
    const parent = dirname(dir)
    if (parent === dir) return resolve(cwd)
    dir = parent
  }
}
