/**
 * `npm run conformance book`: the book plugin against the real LFS and BLFS sources in
 * $TCK_CORPORA, and a real slice of LFS built from Debian's source archive.
 *  1. BLFS imported: every package with its dependencies; every package plans, with and without
 *     recommended dependencies, in an order that meets every build dependency.
 *  2. LFS imported: its passes, checksums and Appendix C dependencies; the whole book plans.
 *  3. The slice: LFS chapter-8 packages imported with Debian's upstream tarballs (SHA-256 from the
 *     archive), built (in the bubblewrap sandbox when it works here) into a target root, their
 *     programs run from the root, and a second build all cache hits. Time, SBU table and
 *     critical path are printed, with the load average.
 * Exits non-zero on the first difference. Needs deb-src entries for the configured Debian mirror
 * (.ci/run adds them).
 */
import {execFileSync, spawnSync} from 'node:child_process'
import {existsSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'
import {runtime} from '../../core/runtime.js'
import {loadBook} from '../../plugins/recipe-book/src/book/parse.js'
import {BookIndex} from '../../plugins/recipe-book/src/resolve/index.js'
import {buildDependencies, orderPlan} from '../../plugins/recipe-book/src/resolve/plan.js'
import {resolve} from '../../plugins/recipe-book/src/resolve/resolve.js'
import {useApi} from '../../plugins/recipe-book/src/runtime.js'

useApi(runtime)

const repo = new URL('../..', import.meta.url).pathname
const corpora = process.env.TCK_CORPORA ?? join(repo, '..', 'shared', 'corpora')
const cache = join(process.env.TCK_CONFORMANCE_CACHE ?? join(homedir(), '.cache', 'tck-conformance'), 'book')
// Not make: Debian's make-dfsg tarball is a git export without a configure script.
const slice = ['zlib', 'xz', 'lz4', 'zstd', 'file', 'm4', 'sed', 'grep', 'diffutils', 'gzip', 'findutils', 'patch']
/** A program of each package and what its version line must say (Debian's upstream version). */
const runs: Record<string, string[]> = {
  xz: ['xz', '--version'], lz4: ['lz4', '--version'], zstd: ['zstd', '--version'], m4: ['m4', '--version'], sed: ['sed', '--version'],
  grep: ['grep', '--version'], diffutils: ['diff', '--version'], gzip: ['gzip', '--version'], findutils: ['find', '--version'], patch: ['patch', '--version'],
}

let failures = 0
const fail = (message: string) => {
  failures++
  console.log(`FAIL ${message}`)
}
const check = (ok: boolean, message: string) => (ok ? console.log(`ok   ${message}`) : fail(message))

function unpack(name: string): string {
  const archive = readFileSync(join(corpora, 'README.md'), 'utf8').match(new RegExp(`${name}-book-[0-9a-f]+\\.tar\\.zst`))?.[0]
  if (!archive) throw new Error(`no ${name} book in ${corpora}`)
  const dir = join(cache, archive.replace('.tar.zst', ''))
  if (!existsSync(join(dir, '.unpacked'))) {
    rmSync(dir, {recursive: true, force: true})
    mkdirSync(dir, {recursive: true})
    execFileSync('sh', ['-c', `zstd -dc "$0" | tar -x -C "$1"`, join(corpora, archive), dir])
    writeFileSync(join(dir, '.unpacked'), '')
  }
  return join(dir, name)
}

const home = join(cache, 'home')
const env: NodeJS.ProcessEnv = {
  ...process.env,
  XDG_DATA_HOME: join(home, 'data'),
  XDG_CACHE_HOME: join(home, 'cache'),
  XDG_CONFIG_HOME: join(home, 'config'),
  // Downloads outlive a run (the Debian tarballs), the build cache does not: the first build is real.
  TCK_DOWNLOADS_DIR: join(cache, 'downloads'),
}

function tck(args: string[], cwd: string): {code: number; stdout: string; stderr: string} {
  const run = spawnSync(process.execPath, [join(repo, 'bin', 'run.js'), ...args], {cwd, env, encoding: 'utf8', maxBuffer: 256 << 20})
  return {code: run.status ?? 1, stdout: run.stdout, stderr: run.stderr.split('\n').filter((line) => !/linked ESM module|auto-transpiled/.test(line)).join('\n')}
}

function must(args: string[], cwd: string) {
  const run = tck(args, cwd)
  if (run.code !== 0) throw new Error(`tck ${args.join(' ')} failed (${run.code}):\n${run.stderr.slice(-4000)}`)
  return run
}

type Row = {key: string; position: number; dependencies: string[]; runtime: string[]}

/** Every build dependency before its dependant, and every package of the plan once. */
function orderHolds(rows: Row[]): string | undefined {
  const position = new Map(rows.map((row) => [row.key, row.position]))
  if (position.size !== rows.length) return 'a package appears twice'
  for (const row of rows) for (const dep of row.dependencies) if (!(position.get(dep)! < row.position)) return `${dep} is not before ${row.key}`
  return undefined
}

/** Plans every package of an imported book in this process (a CLI run per package would take most of an hour). */
async function planEvery(project: string, file: string, recommended: boolean): Promise<{planned: number; total: number}> {
  const book = await loadBook(project, file)
  const index = new BookIndex(book)
  const names = [...new Set(book.packages.map((pkg) => pkg.name))]
  let planned = 0
  for (const name of names) {
    try {
      const plan = orderPlan(index, resolve(index, [name], {recommended, optional: false, providers: {}}))
      const rows = plan.items.map((item, position) => ({key: item.key, position, dependencies: buildDependencies(item), runtime: []}))
      const problem = orderHolds(rows)
      if (problem) fail(`${book.name} plan ${name}: ${problem}`)
      else planned++
    } catch (error) {
      fail(`${book.name} plan ${name}${recommended ? ' with recommended' : ''}: ${(error as Error).message.split('\n')[0]}`)
    }
  }
  return {planned, total: names.length}
}

async function blfs(project: string) {
  const dir = unpack('blfs')
  const imported = JSON.parse(must(['book', 'import', 'blfs', dir, '--out', 'blfs', '--force', '--json'], project).stdout)
  console.log(`BLFS: ${imported.packages} packages, ${imported.withDependencies} with dependencies, ${imported.warnings.length} notes`)
  check(imported.packages >= 900, `BLFS import gives every package (${imported.packages}: pages with a download, and their modules)`)
  for (const recommended of [false, true]) {
    const {planned, total} = await planEvery(project, 'blfs/book.yaml', recommended)
    check(planned === total, `BLFS: ${planned} of ${total} packages plan ${recommended ? 'with' : 'without'} recommended dependencies, every dependency first`)
  }
  const gtk3 = JSON.parse(must(['book', 'plan', '--book', 'blfs', 'gtk3', '--json'], project).stdout)
  check(orderHolds(gtk3.packages) === undefined && gtk3.packages.at(-2)?.key !== undefined, `tck book plan gtk3: ${gtk3.packages.length} packages in order`)
}

async function lfs(project: string) {
  const dir = unpack('lfs')
  const imported = JSON.parse(must(['book', 'import', 'lfs', dir, '--out', 'lfs', '--force', '--json'], project).stdout)
  check(imported.packages >= 100, `LFS import: ${imported.packages} package builds (passes counted)`)
  const every = await planEvery(project, 'lfs/book.yaml', true)
  check(every.planned === every.total, `LFS: ${every.planned} of ${every.total} packages plan, every dependency first`)
  const plan = JSON.parse(must(['book', 'plan', '--book', 'lfs', '--json'], project).stdout)
  check(orderHolds(plan.packages) === undefined, `LFS: the whole book plans (${plan.packages.length} builds), every dependency first`)
  const keys = plan.packages.map((row: Row) => row.key)
  check(keys.indexOf('binutils:1') === 0 && keys.includes('binutils:2') && keys.includes('binutils'), 'LFS: binutils in three passes, the first one first (the SBU unit)')
  return dir
}

function realSlice(project: string, lfsDir: string) {
  must(['book', 'import', 'lfs', lfsDir, '--out', 'slice', '--only', slice.join(','), '--sources', 'debian', '--force'], project)
  const sandbox = spawnSync('bwrap', ['--ro-bind', '/', '/', '--dev', '/dev', '--proc', '/proc', 'true']).status === 0
  if (sandbox) must(['plugins', 'link', join(repo, 'plugins', 'exec-bwrap'), '--no-install'], project)
  writeFileSync(join(project, 'tck.config.json'), JSON.stringify({plugins: {book: {root: 'slice-root', ...(sandbox ? {executor: 'bwrap'} : {})}}}))
  console.log(`slice: ${slice.length} packages from Debian's source archive, ${sandbox ? 'in the bubblewrap sandbox' : 'without a sandbox (bwrap cannot run here)'}`)
  const started = performance.now()
  const first = tck(['book', 'build', '--book', 'slice', '-j', '2'], project)
  const seconds = (performance.now() - started) / 1000
  console.log(first.stdout)
  if (first.code !== 0) return fail(`slice build failed:\n${first.stderr.slice(-3000)}`)
  check(true, `slice built in ${seconds.toFixed(1)} s`)
  const root = join(project, 'slice-root')
  const rootEnv = {...process.env, LD_LIBRARY_PATH: join(root, 'usr/lib'), LC_ALL: 'C'}
  const versions = JSON.parse(readFileSync(join(project, '.tck/book/lfs-slice/report.json'), 'utf8')).metrics.packages as Array<{key: string; version: string}>
  for (const [pkg, [program, ...args]] of Object.entries(runs)) {
    const version = versions.find((row) => row.key === pkg)!.version.replace(/[.+]dfsg\d*$|\+dfsg\d*$/, '')
    const said = spawnSync(join(root, 'usr/bin', program), args, {env: rootEnv, encoding: 'utf8'})
    check(said.status === 0 && `${said.stdout}${said.stderr}`.includes(version), `${pkg}: the root's ${program} runs and says ${version}`)
  }
  const file = spawnSync(join(root, 'usr/bin/file'), ['-m', join(root, 'usr/share/misc/magic.mgc'), join(root, 'usr/bin/gzip')], {env: rootEnv, encoding: 'utf8'})
  check(file.status === 0 && /ELF 64-bit/.test(file.stdout), `file: the root's file (libmagic from the root) reads its magic: ${file.stdout.trim().split(': ')[1]?.slice(0, 40)}`)
  const linked = spawnSync('ldd', [join(root, 'usr/lib/libmagic.so.1')], {env: rootEnv, encoding: 'utf8'}).stdout
  for (const library of ['libz.so.1', 'liblzma.so.5']) {
    check(linked.includes(`${library} => ${join(root, 'usr/lib', library)}`), `file's libmagic loads ${library} from the root (zlib, xz)`)
  }
  const again = tck(['book', 'build', '--book', 'slice', '-j', '2', '--json'], project)
  const report = again.code === 0 ? JSON.parse(again.stdout).report : undefined
  check(report?.counts.cached === slice.length, `second build: ${report?.counts.cached ?? 0} of ${slice.length} packages are cache hits`)
}

const project = join(cache, 'project')
rmSync(project, {recursive: true, force: true})
rmSync(home, {recursive: true, force: true})
mkdirSync(project, {recursive: true})
must(['plugins', 'link', join(repo, 'plugins', 'recipe-book'), '--no-install'], project)
await blfs(project)
const lfsDir = await lfs(project)
realSlice(project, lfsDir)
console.log(`load average: ${execFileSync('uptime', {encoding: 'utf8'}).trim().replace(/^.*load average: /, '')}`)
console.log(failures === 0 ? 'book: all checks passed' : `book: ${failures} checks failed`)
process.exit(failures === 0 ? 0 : 1)
