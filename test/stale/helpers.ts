/**
 * The staleness suite's projects: a few C files, tasks that compile and link them with a real
 * compiler, and a build through the CLI. Each test changes exactly one thing the output depends
 * on and checks the task ran again and the output changed — or, where the change cannot matter,
 * that it was a hit.
 */
import {execFileSync} from 'node:child_process'
import {mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {isolatedEnv, repoRoot, tck, tempDir} from '../helpers/cli.js'
import {parseEvents, statuses} from '../engine/events.js'

export const COMPILERS = ['gcc', 'clang'] as const

export function files(dir: string, tree: Record<string, string>): void {
  for (const [name, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(dir, name)), {recursive: true})
    writeFileSync(join(dir, name), text)
  }
}

/** A project whose config declares `tasks`, with the clang plugin registered as `tck plugins add clang` would (gcc is bundled). */
export function project(tasks: Record<string, unknown>, tree: Record<string, string> = {}): string {
  const dir = tempDir('tck-stale-')
  const clang = JSON.stringify(join(repoRoot, 'plugins', 'compiler-clang', 'dist', 'register.js'))
  files(dir, {...tree, 'tck.config.mjs': `import clang from ${clang}\nexport default {tasks: ${JSON.stringify(tasks)}, register: clang}\n`})
  return dir
}

export interface Built {
  code: number
  stderr: string
  status: Record<string, string>
}

export function builder(dir: string, extra: NodeJS.ProcessEnv = {}) {
  const env = isolatedEnv(extra)
  return async (): Promise<Built> => {
    const {code, stdout, stderr} = await tck(['build', '--json', '-j', '2'], {cwd: dir, env})
    return {code, stderr, status: statuses(parseEvents(stdout))}
  }
}

/** The program's output: what a fresh build would have produced is what it must print. */
export const output = (program: string, args: string[] = []) => execFileSync(program, args, {encoding: 'utf8'})

/** `cc -c main.c` then a link: the two tasks most builds are made of. */
export function compileAndLink(cc: string, compileFlags: string[] = [], linkFlags: string[] = []) {
  return {
    compile: {run: [cc, ...compileFlags, '-c', 'main.c', '-o', 'out/main.o'], inputs: ['main.c'], outputs: ['out/main.o'], kind: 'compile'},
    link: {run: [cc, 'out/main.o', '-o', 'out/app', ...linkFlags], deps: ['compile'], outputs: ['out/app'], kind: 'link'},
  }
}

export const printValue = (include: string) => `#include <stdio.h>\n#include ${include}\nint main(void) { printf("%d\\n", VALUE); return 0; }\n`
