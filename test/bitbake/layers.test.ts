/**
 * `tck bitbake` on the fixture layers, as a user runs it (the plugin linked into a private tck):
 * the recipe set like `bitbake -p` counts it, skip reasons, bbappends, BBCLASSEXTEND variants,
 * virtual providers and PREFERRED_VERSION, getvar/env/show-recipes.
 */
import test from 'ava'
import {join} from 'node:path'
import {isolatedEnv, repoRoot, tck} from '../helpers/cli.js'
import {fixtureTree, requirePython} from './helpers.js'

const env = isolatedEnv()
const {root, build} = fixtureTree()
const bitbake = (args: string[]) => tck(['bitbake', ...args], {cwd: build, env})
const value = async (args: string[]) => {
  const result = await bitbake(['getvar', ...args])
  if (result.code !== 0) throw new Error(`getvar ${args.join(' ')}: ${result.stderr}`)
  return result.stdout.replace(/\n$/, '')
}

test.before(async () => {
  requirePython()
  const linked = await tck(['plugins', 'link', join(repoRoot, 'plugins', 'recipe-bitbake'), '--no-install'], {env})
  if (linked.code !== 0) throw new Error(`cannot link recipe-bitbake: ${linked.stderr}`)
})

test.serial('parse counts files, targets, skipped and masked recipes the way bitbake -p does', async (t) => {
  const result = await bitbake(['parse', '--json'])
  t.is(result.code, 0, result.stderr)
  const parsed = JSON.parse(result.stdout)
  t.like(parsed, {files: 7, targets: 8, skipped: 2, masked: 1, errors: 0, parsed: 7, cached: 0})
  t.deepEqual(parsed.skippedTargets.map((s: {name: string; reason: string}) => [s.name.replace(root, ''), s.reason]), [
    ['/meta-tiny/recipes-core/skipped/othermachine_1.0.bb', 'incompatible with machine tinymachine (not in COMPATIBLE_MACHINE)'],
    ['/meta-tiny/recipes-core/skipped/skipme_1.0.bb', 'Recipe will be skipped because: it is skipped on purpose'],
  ])
  const text = await bitbake(['parse'])
  t.regex(text.stdout, /^Parsing of 7 \.bb files complete \(7 cached, 0 parsed\)\. 8 targets, 2 skipped, 1 masked, 0 errors\.$/m)
  t.regex(text.stdout, /skipme_1\.0\.bb: Recipe will be skipped because: it is skipped on purpose/)
})

test.serial('values: includes, classes, inline python, def functions, layer python, overrides, :remove, bbappends', async (t) => {
  t.is(await value(['-r', 'hello', 'SUMMARY']), 'Says hello')
  t.is(await value(['-r', 'hello', 'DEPENDS']), 'tinyconf-native virtual/libgreet')
  t.is(await value(['-r', 'hello', 'RDEPENDS:hello']), 'greet hello-data')
  t.is(await value(['-r', 'hello', 'EXTRA_CONF']), '--enable-ipv6')
  t.is(await value(['-r', 'hello', 'GREETING']), 'hi tiny')
  t.is(await value(['-r', 'hello', 'NAME_VERSION']), 'hello-1.0')
  t.is(await value(['-r', 'hello', 'FEATURES_SEEN']), 'ipv6  tinyarch-feature')
  t.is(await value(['-r', 'hello', 'APPENDED_BY']), 'meta-extra')
  t.is(await value(['-r', 'hello', 'SRC_URI']), 'file://hello.c file://extra.patch')
  t.is(await value(['-r', 'hello', 'WORKDIR']), `${build}/tmp/work/tinymachine-linux/hello/1.0`)
  t.is(await value(['-r', 'hello', 'do_compile', '--flag', 'depends']), 'tinyconf-native:do_install virtual/libgreet:do_install')
  t.is(await value(['-r', 'hello', 'do_fetch', '--flag', 'dirs', '--unexpand']), '${TMPDIR}/downloads')
  t.is(await value(['-r', 'hello', 'do_fetch', '--flag', 'dirs']), `${build}/tmp/downloads`)
  t.is(await value(['-r', 'hello', 'do_configure']), '    # Export function set\n    tinybuild_do_configure\n')
  t.is(await value(['MACHINE']), 'tinymachine')
})

test.serial('BBCLASSEXTEND native: its own name, overrides and dependencies', async (t) => {
  t.is(await value(['-r', 'hello-native', 'PN']), 'hello-native')
  t.is(await value(['-r', 'hello-native', 'BPN']), 'hello')
  t.is(await value(['-r', 'hello-native', 'DEPENDS']), 'tinyconf-native virtual/libgreet-native')
  t.is(await value(['-r', 'hello-native', 'EXTRA_CONF']), '--enable-ipv6 --host-only')
  t.is(await value(['-r', 'hello-native', 'RDEPENDS:hello-native']), 'greet', 'the anonymous function appends only for class-target')
})

test.serial('providers: PREFERRED_VERSION with %, and a skipped recipe says why it is unavailable', async (t) => {
  t.is(await value(['-r', 'greet', 'PV']), '1.0')
  t.is(await value(['-r', 'greet-full', 'PROVIDES']), 'greet-full  virtual/libgreet')
  const skipped = await bitbake(['getvar', '-r', 'skipme', 'PN'])
  t.is(skipped.code, 2)
  t.regex(skipped.stderr, /skipme is unavailable: .*skipped on purpose/)
  const unknown = await bitbake(['getvar', '-r', 'nosuchrecipe', 'PN'])
  t.regex(unknown.stderr, /no recipe provides nosuchrecipe/)
})

test.serial('env prints bitbake -e\'s format: quoted, exported, then shell functions', async (t) => {
  const result = await bitbake(['env', '-r', 'hello'])
  t.is(result.code, 0, result.stderr)
  t.regex(result.stdout, /^PN="hello"$/m)
  t.regex(result.stdout, /^export HOME=".+"$/m)
  t.regex(result.stdout, /^# line: \d+, file: .*hello_1\.0\.bb\ndo_install\(\) \{\n\tinstall -d \$\{D\}\$\{bindir\}|^do_install\(\) \{\n\tinstall -d /m)
  t.notRegex(result.stdout, /^base_do_unpack\(\)/m, 'python functions are not printed')
  t.true(result.stdout.indexOf('PN="hello"') < result.stdout.indexOf('do_install() {'))
})

test.serial('show-recipes lists names, versions, layers and skip reasons', async (t) => {
  const result = await bitbake(['show-recipes', 'greet*', '--json'])
  t.is(result.code, 0, result.stderr)
  t.deepEqual(JSON.parse(result.stdout).recipes.map((r: {name: string; version: string; layer: string}) => `${r.name} ${r.version} ${r.layer}`), ['greet 1.0-r0 tiny', 'greet 2.0-r0 tiny', 'greet-full 2.0-r0 tiny', 'greet-lite 1.0-r0 tiny'])
})

test.serial('the recipe parser gives the engine each target with BitBake\'s task order', async (t) => {
  const result = await tck(['query', 'deps(hello:do_build)'], {cwd: build, env})
  t.is(result.code, 0, result.stderr)
  t.deepEqual(result.stdout.trim().split('\n'), ['hello:do_fetch', 'hello:do_unpack', 'hello:do_configure', 'hello:do_compile', 'hello:do_install', 'hello:do_build'])
})

test.serial('a layer that needs a layer not in BBLAYERS is an error naming both', async (t) => {
  const {build: other, root: otherRoot} = fixtureTree()
  const {appendFileSync} = await import('node:fs')
  appendFileSync(join(otherRoot, 'meta-extra', 'conf', 'layer.conf'), 'LAYERDEPENDS_extra += "nosuchlayer"\n')
  const result = await tck(['bitbake', 'parse'], {cwd: other, env})
  t.is(result.code, 3)
  t.regex(result.stderr, /Layer 'extra' depends on layer 'nosuchlayer', but this layer is not enabled/)
})
