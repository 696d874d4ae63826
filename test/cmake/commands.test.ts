/**
 * tck init (a CMake project and a plain one, .gitignore), tck doctor's CMake findings, and tck
 * upgrade against a toolchain source with two releases (file: URLs: a local mirror), --apply
 * moving the project to the newer one.
 */
import test from 'ava'
import {createHash} from 'node:crypto'
import {cpSync, existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {tck, tempDir} from '../helpers/cli.js'
import {tarGz} from '../toolchains/archives.js'
import {cmakeEnv, cmakeProject, fixture, writeConfig} from './helpers.js'

test('tck init in a CMake project writes what it found and ignores .tck/', async (t) => {
  const dir = join(tempDir('tck-init-'), 'project')
  cpSync(fixture('project'), dir, {recursive: true})
  writeFileSync(join(dir, '.gitignore'), 'build/')
  const env = cmakeEnv()
  const result = await tck(['init', '--json'], {cwd: dir, env})
  t.is(result.code, 0, result.stderr)
  const {found, gitignore} = JSON.parse(result.stdout)
  t.true(found.cmake)
  t.is(found.generator, 'Ninja')
  t.deepEqual(gitignore, ['.tck/', 'CMakeUserPresets.json'])
  t.is(readFileSync(join(dir, '.gitignore'), 'utf8'), 'build/\n.tck/\nCMakeUserPresets.json\n')
  const config = readFileSync(join(dir, 'tck.config.mjs'), 'utf8')
  t.regex(config, /plugins: \{\n {4}cmake: \{\n {6}toolchain: 'system', \/\/ found: gcc \d/)
  t.regex(config, /generator: 'Ninja',/)
  // The config it wrote is one tck reads: the project configures with it.
  const configured = await tck(['configure', '--json'], {cwd: dir, env, timeoutMs: 300_000})
  t.is(configured.code, 0, configured.stderr)
  t.is(JSON.parse(configured.stdout).generator, 'Ninja')
  const again = await tck(['init'], {cwd: dir, env})
  t.is(again.code, 2)
  t.regex(again.stderr, /tck\.config\.mjs already exists/)
  t.is((await tck(['init', '--force'], {cwd: dir, env})).code, 0)
  t.is(readFileSync(join(dir, '.gitignore'), 'utf8'), 'build/\n.tck/\nCMakeUserPresets.json\n', 'nothing added twice')
})

test('tck init in a project without CMakeLists.txt writes a config with its build as a task', async (t) => {
  const dir = tempDir('tck-init-make-')
  writeFileSync(join(dir, 'Makefile'), 'all:\n\techo made > made.txt\n')
  const env = cmakeEnv()
  t.is((await tck(['init'], {cwd: dir, env})).code, 0)
  t.regex(readFileSync(join(dir, 'tck.config.mjs'), 'utf8'), /build: \{run: \['make'\]/)
  t.is(readFileSync(join(dir, '.gitignore'), 'utf8'), '.tck/\n')
  const built = await tck(['build', 'build'], {cwd: dir, env})
  t.is(built.code, 0, built.stderr)
  t.true(existsSync(join(dir, 'made.txt')))
})

test('tck doctor says what a CMake project here has and lacks', async (t) => {
  const dir = cmakeProject({toolchain: 'system:gcc', launcher: 'ccache', linker: 'mold'})
  writeFileSync(join(dir, 'vcpkg.json'), '{"name": "x", "version": "1.0"}\n')
  const result = await tck(['doctor', '--json'], {cwd: dir, env: cmakeEnv()})
  t.is(result.code, 0, result.stderr)
  const check = JSON.parse(result.stdout).checks.find((entry: {name: string}) => entry.name === 'cmake')
  const byName = Object.fromEntries(check.findings.map((finding: {name: string}) => [finding.name, finding]))
  t.true(byName.cmake.ok)
  t.regex(byName.cmake.detail, /^3\.\d+/)
  t.regex(byName.backend.detail, /^Ninja/)
  t.regex(byName.toolchain.detail, /^system:gcc: gcc \d/)
  t.regex(byName.launcher.detail, /^ccache/)
  t.true(byName.linker.ok)
  t.false(byName.vcpkg.ok)
  t.regex(byName.vcpkg.detail, /vcpkg\.json found, but pm-vcpkg is not added: tck plugins add pm-vcpkg/)
  t.false(byName.configured.ok)
})

/** A toolchain `wrapcc` (scripts around the system gcc and g++) in two releases, served from file: URLs. */
function twoReleases(): string {
  const dir = tempDir('tck-wrapcc-')
  const releases = ['1.0.0', '1.1.0'].map((version) => {
    const archive = tarGz([
      {name: 'wrapcc/bin/', type: 'dir'},
      {name: 'wrapcc/bin/wrapcc', body: `#!/bin/sh\n# wrapcc ${version}\nexec gcc "$@"\n`, mode: 0o755},
      {name: 'wrapcc/bin/wrapc++', body: `#!/bin/sh\n# wrapcc ${version}\nexec g++ "$@"\n`, mode: 0o755},
    ])
    const file = join(dir, `wrapcc-${version}.tar.gz`)
    writeFileSync(file, archive)
    return {version, platforms: {'linux-x64': {urls: [`file://${file}`], sha256: createHash('sha256').update(archive).digest('hex'), stripComponents: 1}}}
  })
  writeFileSync(join(dir, 'wrapcc.json'), JSON.stringify({name: 'wrapcc', layout: {bin: 'bin', compilers: {c: ['wrapcc'], cxx: ['wrapc++']}}, releases}))
  return dir
}

test('tck upgrade names newer releases and what changes; --apply moves to the newest within the range', async (t) => {
  const env = cmakeEnv({TCK_TOOLCHAIN_METADATA: twoReleases()})
  const dir = cmakeProject({toolchain: 'wrapcc@1.0', launcher: 'none'})
  const configured = await tck(['configure', '--json'], {cwd: dir, env, timeoutMs: 300_000})
  t.is(configured.code, 0, configured.stderr)
  t.is(JSON.parse(configured.stdout).toolchain.version, '1.0.0')
  const pinned = JSON.parse((await tck(['upgrade', '--json'], {cwd: dir, env})).stdout)
  t.is(pinned.withinRange, undefined, '1.0 allows no newer release')
  t.deepEqual(pinned.newest, {version: '1.1.0', source: 'http', spec: 'wrapcc@1'})
  t.regex(pinned.changes.join('\n'), /compiler wrapcc 1\.0\.0 -> 1\.1\.0/)

  writeConfig(dir, {toolchain: 'wrapcc@1', launcher: 'none'})
  const text = await tck(['upgrade'], {cwd: dir, env})
  t.regex(text.stdout, /newer within the range: 1\.1\.0 \(http\); `tck upgrade --apply` moves to it/)
  const applied = await tck(['upgrade', '--apply', '--json'], {cwd: dir, env, timeoutMs: 300_000})
  t.is(applied.code, 0, applied.stderr)
  t.is(JSON.parse(applied.stdout).applied, '1.1.0')
  const state = JSON.parse(readFileSync(join(dir, '.tck/state.json'), 'utf8')).cmake
  t.is(state.configured.toolchain.version, '1.1.0')
  t.regex(readFileSync(join(dir, '.tck/cmake/toolchain-wrapcc-1.1.0-x86_64-linux-gnu.cmake'), 'utf8'), /wrapcc-1\.1\.0/)
  const cmakeVersion = readdirSync(join(dir, 'build/tck/CMakeFiles')).find((name) => /^\d+\.\d+/.test(name))!
  t.regex(readFileSync(join(dir, 'build/tck/CMakeFiles', cmakeVersion, 'CMakeCXXCompiler.cmake'), 'utf8'), /set\(CMAKE_CXX_COMPILER "\S+wrapcc-1\.1\.0\S+\/bin\/wrapc\+\+"\)/)
})

test('tck upgrade on system compilers says the system upgrades them', async (t) => {
  const dir = cmakeProject({toolchain: 'system:gcc'})
  const result = await tck(['upgrade'], {cwd: dir, env: cmakeEnv()})
  t.is(result.code, 0, result.stderr)
  t.regex(result.stdout, /system compilers are upgraded by the system's package manager/)
})

test('tck configure outside a CMake project says so, and changes nothing', async (t) => {
  const dir = tempDir('tck-not-cmake-')
  for (const args of [['configure'], ['configure', '--check']]) {
    const result = await tck(args, {cwd: dir, env: cmakeEnv()})
    t.is(result.code, 2, result.stderr)
    t.regex(result.stderr, /has no CMakeLists\.txt: tck configure is for CMake projects/)
  }
  t.false(existsSync(join(dir, 'CMakeUserPresets.json')))
  t.false(existsSync(join(dir, '.tck')))
})
