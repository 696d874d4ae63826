/**
 * First-party plugins ship inside the tck package: every workspace plugin is bundled, `npm pack`
 * carries its built files, and the short-name table derived from them is unambiguous.
 */
import test from 'ava'
import {execFile} from 'node:child_process'
import {existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {promisify} from 'node:util'
import {findShipped, shippedPlugins} from '../../core/plugins/catalog.js'
import {repoRoot, tempDir} from '../helpers/cli.js'

const rootPackage = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'))
const workspacePlugins = readdirSync(join(repoRoot, 'plugins'))
  .filter((dir) => existsSync(join(repoRoot, 'plugins', dir, 'package.json')))
  .map((dir) => JSON.parse(readFileSync(join(repoRoot, 'plugins', dir, 'package.json'), 'utf8')) as {name: string; files?: string[]; oclif: {commands?: string}})

test('every workspace plugin is a dependency of tck and bundled in its package', (t) => {
  for (const plugin of workspacePlugins) {
    t.truthy(rootPackage.dependencies[plugin.name], `${plugin.name} in dependencies`)
    t.true(rootPackage.bundleDependencies.includes(plugin.name), `${plugin.name} in bundleDependencies: add it there, or npm pack leaves it out`)
  }
})

test('npm pack carries each plugin\'s package.json, built code and command manifest', async (t) => {
  const {stdout} = await promisify(execFile)('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: repoRoot, maxBuffer: 64 << 20})
  const [pack] = JSON.parse(stdout) as Array<{bundled: string[]; files: Array<{path: string}>}>
  const files = new Set(pack.files.map((file) => file.path))
  for (const plugin of workspacePlugins) {
    t.true(pack.bundled.includes(plugin.name), plugin.name)
    for (const file of ['package.json', 'dist/register.js', ...(plugin.oclif.commands ? ['oclif.manifest.json'] : [])]) {
      t.true(files.has(`node_modules/${plugin.name}/${file}`), `${plugin.name}/${file}`)
    }
  }
  t.true(files.has('dist/core/plugins/catalog.js'))
})

test('short names: the oclif name and the declared ones, each meaning one plugin', (t) => {
  const plugins = shippedPlugins(repoRoot)
  t.is(findShipped(plugins, 'clang')?.name, '@tck/plugin-compiler-clang')
  t.is(findShipped(plugins, 'compiler-clang')?.name, '@tck/plugin-compiler-clang')
  t.is(findShipped(plugins, 'tcc')?.name, '@tck/plugin-compiler-tcc')
  t.is(findShipped(plugins, 'bwrap')?.name, '@tck/plugin-exec-bwrap')
  t.is(findShipped(plugins, '@tck/plugin-cache-http')?.name, '@tck/plugin-cache-http')
  t.is(findShipped(plugins, 'cache'), undefined)
  t.true(plugins.find((plugin) => plugin.name === '@tck/plugin-pkg-config')!.commands.includes('pkg-config'))
})

test('two plugins declaring one short name are refused, naming both', (t) => {
  const root = tempDir('tck-catalog-')
  for (const name of ['one', 'two']) {
    mkdirSync(join(root, 'node_modules', '@tck', `plugin-${name}`), {recursive: true})
    writeFileSync(join(root, 'node_modules', '@tck', `plugin-${name}`, 'package.json'), JSON.stringify({name: `@tck/plugin-${name}`, version: '1.0.0', tck: {shortNames: ['same']}}))
  }
  const error = t.throws(() => shippedPlugins(root, {bundleDependencies: ['@tck/plugin-one', '@tck/plugin-two']}))
  t.regex(error!.message, /the short name "same" is declared by both @tck\/plugin-one and @tck\/plugin-two/)
})
