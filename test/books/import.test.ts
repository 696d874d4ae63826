/**
 * `tck book import lfs|blfs` on miniature books in the shape of the real ones (fixtures/books/
 * docbook-*: XInclude, entities, conditional sections, profiling): packages with versions,
 * sources and checksums, the commands of the userinput blocks staged into $DESTDIR, dependencies
 * by kind, cycle breaks as build passes; then `tck book plan` on the result.
 */
import test from 'ava'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {loadBook} from '../../plugins/recipe-book/src/book/parse.js'
import {tempDir} from '../helpers/cli.js'
import {bookEnv, fixtures, tck} from './helpers.js'

test.serial('import lfs: passes from the chapters, md5 sums from the package list, Appendix C dependencies, staged installs', async (t) => {
  const env = await bookEnv()
  const project = tempDir('tck-book-import-')
  const imported = await tck(['book', 'import', 'lfs', join(fixtures, 'docbook-lfs'), '--out', 'lfs', '--json'], {cwd: project, env})
  t.is(imported.code, 0, imported.stderr)
  t.like(JSON.parse(imported.stdout), {book: 'lfs', packages: 5, withDependencies: 4, warnings: []})
  const book = await loadBook(project, 'lfs/book.yaml')
  t.is(book.version, '0.1', 'the release number, through a parameter entity')
  t.is(book.sbu, 'alpha:1')
  t.deepEqual(book.host.map((requirement) => `${requirement.program} ${requirement.min ?? requirement.matches}`), ['sort 8.1', 'g++ 5.2', 'linux 4.19', 'awk GNU'])
  t.deepEqual(book.packages.map((pkg) => `${pkg.name}:${pkg.pass}`), ['alpha:1', 'beta:1', 'alpha:2', 'gamma:1', 'beta:2'], 'initd is profiled out (systemd only)')
  const [, , alpha, gamma, beta] = book.packages
  t.deepEqual(alpha.sources, [{file: 'alpha-1.0.tar.xz', url: 'https://example.org/pub/alpha/alpha-1.0.tar.xz', md5: '0123456789abcdef0123456789abcdef', sha256: undefined}])
  t.is(alpha.check, 'make check')
  t.is(alpha.sbu, 1.5)
  t.deepEqual(alpha.files, ['usr/bin/alpha', 'usr/bin/a', 'usr/lib/libalpha.so'])
  t.true(alpha.script.includes('rm -fv $DESTDIR/usr/lib/libalpha.a\nln -sfv alpha $DESTDIR/usr/bin/a\ncat > $DESTDIR/etc/alpha.conf << "EOF"\n/usr/share/alpha\nEOF'), alpha.script)
  t.true(alpha.script.startsWith('./configure --prefix=/usr --sysconfdir=/etc'), 'configure keeps its /usr')
  t.false(alpha.script.includes('self-test'), 'a nodump screen is not a command')
  t.deepEqual(gamma.depends.map((dep) => `${dep.kind} ${dep.text}`), ['required beta:1', 'required alpha', 'runtime alpha'])
  // Beta and Gamma need each other (Appendix C); the book builds gamma before the final beta, so gamma has the temporary beta.
  t.deepEqual(beta.depends.map((dep) => dep.text), ['beta:1', 'alpha', 'gamma'])
  t.deepEqual(beta.sources.map((source) => source.file), ['beta-2.3.tar.gz', 'beta-2.3-fix-1.patch'])
  const plan = await tck(['book', 'plan', '--book', 'lfs', 'beta'], {cwd: project, env})
  t.is(plan.code, 0, plan.stderr)
  t.deepEqual(plan.stdout.trim().split('\n').map((line) => line.trim().split(/\s+/)[1]), ['alpha:1', 'beta:1', 'alpha', 'gamma', 'beta'])
  const sliced = await tck(['book', 'import', 'lfs', join(fixtures, 'docbook-lfs'), '--out', 'slice', '--only', 'gamma,alpha', '--json'], {cwd: project, env})
  t.is(sliced.code, 0, sliced.stderr)
  const slice = await loadBook(project, 'slice/book.yaml')
  t.deepEqual(slice.packages.map((pkg) => `${pkg.name}:${pkg.pass} ${pkg.depends.map((dep) => dep.text).join(',')}`), ['alpha:1 ', 'gamma:1 alpha,alpha'])
  t.is(slice.sbu, 'alpha')
  t.regex((await tck(['book', 'import', 'lfs', join(fixtures, 'docbook-lfs'), '--out', 'lfs'], {cwd: project, env})).stderr, /lfs already exists and is not empty/)
})

test.serial('import blfs: dependencies by kind, modules, a chapter as a virtual name, cycles broken by first passes', async (t) => {
  const env = await bookEnv()
  const project = tempDir('tck-book-import-')
  const imported = await tck(['book', 'import', 'blfs', join(fixtures, 'docbook-blfs'), '--out', 'blfs'], {cwd: project, env})
  t.is(imported.code, 0, imported.stderr)
  t.regex(imported.stdout, /^blfs: 7 packages \(6 with dependencies\) written to blfs$/m)
  const book = await loadBook(project, 'blfs/book.yaml')
  const byName = (name: string, pass = 1) => book.packages.find((pkg) => pkg.name === name && pkg.pass === pass)!
  const deps = (name: string, pass?: number) => byName(name, pass).depends.map((dep) => `${dep.kind} ${dep.text}`)
  t.deepEqual(deps('shaper'), ['required libbar', 'recommended fonts:1', 'runtime py-one'], 'role="first" and runtime links; nodep is prose')
  t.deepEqual(deps('fonts', 1), [], 'the first pass leaves out what closes the cycle')
  t.deepEqual(deps('fonts', 2), ['recommended shaper'])
  t.deepEqual(deps('py-one'), ['required libfoo'], 'a module of the Python Modules page is a package')
  t.deepEqual(deps('viewer'), ['required shaper', 'required genlib'])
  t.true(byName('libbar').provides.includes('genlib'), 'a link to a chapter is a name its packages provide')
  t.deepEqual(byName('libbar').sources.map((source) => source.file), ['libbar-0.7.tar.gz', 'libbar-0.7-fixes-1.patch'], 'required patches, not optional ones')
  t.regex(byName('libbar').script, /^# patch -Np1 -i \.\.\/libbar-0\.7-speed-1\.patch &&$/m)
  t.regex(byName('libfoo').script, /install -v -m644 doc\/\*\.html \$DESTDIR\/usr\/share\/doc\/libfoo-1\.4\.2/, 'commands run as root are staged')
  t.is(byName('libfoo').check, 'make check')
  t.is(byName('libfoo').sources[0].md5, '11111111111111111111111111111111')
  const plan = await tck(['book', 'plan', '--book', 'blfs', 'viewer', '--json'], {cwd: project, env})
  t.is(plan.code, 0, plan.stderr)
  const rows = JSON.parse(plan.stdout).packages as Array<{key: string; chain: string[]; dependencies: string[]}>
  t.deepEqual(rows.map((row) => row.key), ['libfoo', 'fonts:1', 'py-one', 'libbar', 'shaper', 'viewer'], 'book order wherever the dependencies allow')
  t.deepEqual(rows.find((row) => row.key === 'fonts:1')!.chain, ['viewer', 'shaper', 'fonts:1'])
  const everything = await tck(['book', 'plan', '--book', 'blfs', 'viewer', '--optional', 'all'], {cwd: project, env})
  t.is(everything.code, 3)
  t.regex(everything.stderr, /dependency cycle in book blfs: (libfoo -> viewer \(optional\) -> shaper \(required\) -> libbar \(required\) -> libfoo \(required\)|.* -> .*)/)
  t.regex(readFileSync(join(project, 'blfs/packages/4-fonts-pass2.pkg'), 'utf8'), /^pass: 2$/m)
})
