/**
 * End to end against Debian's packages through this machine's apt sources: tcc is installed from
 * its .deb (InRelease signature, index SHA-256 and .deb SHA-256 all checked) into the toolchain
 * directory — not system-wide — and compiles a hello that runs.
 */
import test, {type ExecutionContext} from 'ava'
import {execFileSync} from 'node:child_process'
import {mkdirSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {aptSources} from '../../plugins/toolchain-debian/src/apt-sources.js'
import {isolatedEnv, tck, tempDir} from '../helpers/cli.js'
import {requireProgram} from '../helpers/programs.js'

const downloads = join(tmpdir(), 'tck-test-downloads')

/** Installs `spec` into a fresh environment; the toolchain as installed and its compile command. */
async function install(t: ExecutionContext, spec: string, prefix: string) {
  const env = isolatedEnv({TCK_DOWNLOADS_DIR: downloads})
  const work = tempDir(prefix)
  const installed = await tck(['toolchain', 'install', spec, '--json'], {cwd: work, env, timeoutMs: 300_000})
  t.is(installed.code, 0, installed.stderr)
  const [toolchain] = JSON.parse(installed.stdout).toolchains
  const {command} = JSON.parse((await tck(['toolchain', 'which', spec, '--json'], {cwd: work, env})).stdout) as {command: string[]}
  return {env, work, toolchain, command}
}

test('tcc from Debian\'s packages is unpacked into the toolchain directory and compiles a hello that runs', async (t) => {
  const {env, work, toolchain: tcc, command} = await install(t, 'debian:tcc', 'tck-tcc-')
  t.is(tcc.source, 'debian')
  t.regex(tcc.version, /^0\.9\.27/)
  t.deepEqual(tcc.details.packages.map((deb: any) => deb.name), ['tcc'])
  t.regex(tcc.details.packages[0].sha256, /^[0-9a-f]{64}$/)

  t.true(command[0].startsWith(tcc.root), 'the compiler is the unpacked one, not the system tcc')
  t.true(command.includes(`-B${tcc.root}/usr/lib/x86_64-linux-gnu/tcc`))
  writeFileSync(join(work, 'hello.c'), '#include <stdio.h>\nint main(void) { puts("hello from debian tcc"); return 0; }\n')
  execFileSync(command[0], [...command.slice(1), join(work, 'hello.c'), '-o', join(work, 'hello')])
  t.is(execFileSync(join(work, 'hello'), {encoding: 'utf8'}), 'hello from debian tcc\n')

  const verify = await tck(['toolchain', 'verify', 'debian:tcc', '--level', 'paranoid', '--json'], {cwd: work, env})
  t.is(verify.code, 0, verify.stdout)
  t.deepEqual(JSON.parse(verify.stdout).checks.filter((check: any) => !check.ok), [])
})

test('a GCC aarch64 cross toolchain from Debian\'s packages builds a hello that runs under qemu-user on its own aarch64 libc', async (t) => {
  if (!requireProgram(t, 'qemu-aarch64-static', 'qemu-user-static')) return
  const {work, toolchain: gcc, command} = await install(t, 'gcc-aarch64-linux-gnu', 'tck-gcc-aarch64-')
  t.is(gcc.source, 'debian')
  t.is(gcc.layout.target, 'aarch64-linux-gnu')
  const [compiler, ...flags] = command
  // Relocated: the compiler proper and the assembler come from the toolchain directory, not /usr.
  for (const program of ['cc1', 'as']) {
    t.true(execFileSync(compiler, [...flags, `-print-prog-name=${program}`], {encoding: 'utf8'}).startsWith(gcc.root), program)
  }
  writeFileSync(join(work, 'hello.c'), '#include <stdio.h>\nint main(void) { puts("hello from debian gcc aarch64"); return 0; }\n')
  execFileSync(compiler, [...flags, join(work, 'hello.c'), '-o', join(work, 'hello')])
  const output = execFileSync('qemu-aarch64-static', ['-L', join(gcc.root, 'usr/aarch64-linux-gnu'), join(work, 'hello')], {encoding: 'utf8'})
  t.is(output, 'hello from debian gcc aarch64\n')
})

test('an apt source whose InRelease is not signed by its Signed-By keyring is refused', async (t) => {
  // The machine's own first apt source, re-declared with the wrong keyring.
  const source = aptSources().find((entry) => entry.components.includes('main'))!
  const etc = tempDir('tck-apt-')
  mkdirSync(join(etc, 'sources.list.d'))
  writeFileSync(join(etc, 'sources.list.d', 'debian.sources'), [
    'Types: deb',
    `URIs: ${source.uri}`,
    `Suites: ${source.suite}`,
    'Components: main',
    // Keys Debian has retired: today's archive is not signed with them.
    'Signed-By: /usr/share/keyrings/debian-archive-removed-keys.gpg',
    '',
  ].join('\n'))
  const env = isolatedEnv({TCK_DOWNLOADS_DIR: downloads, TCK_APT_ETC: etc})
  const result = await tck(['toolchain', 'install', 'debian:tcc'], {cwd: tempDir(), env})
  t.is(result.code, 7)
  t.true(result.stderr.includes(`the signature of ${source.uri}/dists/${source.suite}/InRelease does not verify`), result.stderr)
})
