/**
 * The launcher's way to give a cached program the argv[0] the user typed. bin/tck is a POSIX sh
 * script, and dash has no `exec -a`; this helper does exactly that: `exec-as BINARY ARGV0 ARGS...`
 * execs BINARY with ARGV0 as its argv[0], so the program sees what it sees on the Node path
 * (libuv's argv0), `/proc/self/exe` included. It is built once per script cache with the compiler
 * of the run that first needs it, statically when the C library allows (measured in README.md).
 */
import {execFile} from 'node:child_process'
import {access, constants, rename, rm, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {Compiler, CompilerIdentity} from 'tck'
import {api} from './api.js'
import {scratchDir} from './scratch.js'

const SOURCE = `/* tck's launcher: exec-as BINARY ARGV0 ARGS... runs BINARY with ARGV0 as its argv[0]. */
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 3) {
    fputs("usage: exec-as BINARY ARGV0 [ARGS...]\\n", stderr);
    return 127;
  }
  execv(argv[1], argv + 2);
  perror(argv[1]);
  return 127;
}
`

function run(argv: string[], cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(argv[0], argv.slice(1), {cwd, encoding: 'utf8', timeout: 60_000}, (error, stdout) => resolve(error ? undefined : stdout))
  })
}

/** The helper's path in `cacheRoot` (named by its source, so another tck's helper is another file), built if need be; undefined if it cannot be. */
export async function execAs(cacheRoot: string, provider: Compiler, identity: CompilerIdentity): Promise<string | undefined> {
  const helper = join(cacheRoot, `exec-as-${api().sha256(SOURCE).slice(0, 12)}`)
  if (await access(helper, constants.X_OK).then(() => true, () => false)) return helper
  const staging = await scratchDir(cacheRoot, 'install')
  try {
    await writeFile(join(staging, 'exec-as.c'), SOURCE)
    const output = join(staging, 'exec-as')
    const command = (flags: string[]) => provider.command(identity, {sources: [join(staging, 'exec-as.c')], output, kind: 'executable', flags, libs: []})
    // Static starts faster (no dynamic loader); not every C library or compiler can link one.
    const built = (await run(command(['-O2', '-static']), staging)) !== undefined || (await run(command(['-O2']), staging)) !== undefined
    if (!built || (await run([output, '/bin/sh', 'probe', '-c', 'printf %s "$0"'], staging)) !== 'probe') return undefined
    await rename(output, helper)
    return helper
  } finally {
    await rm(staging, {recursive: true, force: true})
  }
}
