/** Runs a compiler with its identifying arguments; all of its output, or undefined when it cannot run. */
import {execFile} from 'node:child_process'

export function probe(program: string, args: string[]): Promise<string | undefined> {
  return new Promise((done) => {
    const child = execFile(program, args, {timeout: 10_000, encoding: 'utf8', env: {...process.env, LC_ALL: 'C'}}, (error, stdout, stderr) => {
      done(error && typeof error.code !== 'number' ? undefined : `${stdout}\n${stderr}`)
    })
    child.stdin?.end()
  })
}
