/** Finding programs the way exec does, and running them without a shell: the one PATH lookup and the one small-process runner. */
import {execFile} from 'node:child_process'
import {accessSync, constants, statSync} from 'node:fs'
import {delimiter, resolve} from 'node:path'

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return statSync(path).isFile()
  } catch {
    return false
  }
}

/**
 * What exec runs for `program`: a name with a slash is relative to `cwd`; any other name is the
 * first executable file in `path`'s directories (relative ones, and an empty entry, from `cwd`, as execvp).
 */
export function which(program: string, path = process.env.PATH ?? '', cwd = process.cwd()): string | undefined {
  if (program.includes('/')) {
    const candidate = resolve(cwd, program)
    return isExecutableFile(candidate) ? candidate : undefined
  }
  for (const dir of path.split(delimiter)) {
    const candidate = resolve(cwd, dir, program)
    if (isExecutableFile(candidate)) return candidate
  }
  return undefined
}

export interface RunOptions {
  cwd?: string
  timeoutMs?: number
  env?: NodeJS.ProcessEnv
}

/** Runs `file` with `args` and no stdin; `code` is -1 when it could not run at all (not found, not executable, timed out). */
export function run(file: string, args: string[], options: RunOptions = {}): Promise<{code: number; stdout: string; stderr: string}> {
  const {cwd, timeoutMs = 5000, env} = options
  return new Promise((done) => {
    const child = execFile(file, args, {cwd, timeout: timeoutMs, encoding: 'utf8', env, maxBuffer: 64 << 20}, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
      done({code, stdout, stderr})
    })
    child.stdin?.end()
  })
}

/** The first dotted version number a program prints for `args`. */
export async function toolVersion(path: string, args = ['--version']): Promise<string | undefined> {
  const {stdout, stderr} = await run(path, args)
  return /(\d+\.\d+(?:\.\d+)?)/.exec(`${stdout}\n${stderr}`)?.[1]
}
