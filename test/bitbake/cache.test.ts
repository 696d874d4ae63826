/**
 * The parse cache: an unchanged tree's second parse starts no python; a changed file re-parses
 * only the recipes that read it; a file appearing where a recipe's search probed re-parses it;
 * a configuration change re-parses everything; a damaged cache is ignored. Cached results are
 * exactly what a fresh parse gives.
 */
import test from 'ava'
import {appendFileSync, readdirSync, writeFileSync, mkdirSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, repoRoot, tck} from '../helpers/cli.js'
import {fixtureTree, requirePython} from './helpers.js'

const env = isolatedEnv()
const {root, build} = fixtureTree()
const parse = async (extra: NodeJS.ProcessEnv = {}, args: string[] = []) => {
  const result = await tck(['bitbake', 'parse', '--json', ...args], {cwd: build, env: {...env, ...extra}})
  if (result.code !== 0) throw new Error(`parse: ${result.stderr}`)
  return JSON.parse(result.stdout)
}
const getvar = async (...args: string[]) => (await tck(['bitbake', 'getvar', ...args], {cwd: build, env})).stdout.trim()

test.before(async () => {
  requirePython()
  const linked = await tck(['plugins', 'link', join(repoRoot, 'plugins', 'recipe-bitbake'), '--no-install'], {env})
  if (linked.code !== 0) throw new Error(`cannot link recipe-bitbake: ${linked.stderr}`)
})

test.serial('a second parse of an unchanged tree comes from the cache and starts no python', async (t) => {
  const first = await parse()
  t.like(first, {parsed: 7, cached: 0})
  const second = await parse({TCK_BITBAKE_PYTHON: '/nonexistent/python3'})
  t.like(second, {parsed: 0, cached: 7, targets: first.targets, skipped: first.skipped})
  t.deepEqual(second.skippedTargets, first.skippedTargets)
})

test.serial('a changed include re-parses only the recipes that read it', async (t) => {
  appendFileSync(join(root, 'meta-tiny', 'recipes-core', 'hello', 'hello.inc'), 'HOMEPAGE = "https://example.invalid/hello"\n')
  t.like(await parse(), {parsed: 1, cached: 6})
  t.is(await getvar('-r', 'hello', 'HOMEPAGE'), 'https://example.invalid/hello')
})

test.serial('a class appearing earlier on BBPATH, where the inherit looked first, re-parses the recipe', async (t) => {
  mkdirSync(join(build, 'classes-recipe'), {recursive: true})
  writeFileSync(join(build, 'classes-recipe', 'tinybuild.bbclass'), 'EXTRA_CONF = "--from-build-dir"\n')
  t.like(await parse(), {parsed: 1, cached: 6})
  t.is(await getvar('-r', 'hello', 'DEPENDS'), 'virtual/libgreet', 'the build directory\'s class replaced the layer\'s')
})

test.serial('a configuration change re-parses every recipe', async (t) => {
  appendFileSync(join(build, 'conf', 'local.conf'), 'DISTRO_FEATURES:remove = "ipv6"\n')
  t.like(await parse(), {parsed: 7, cached: 0})
})

test.serial('cached results are exactly a fresh parse', async (t) => {
  const fresh = await parse({}, ['--no-cache'])
  const cached = await parse()
  t.is(cached.cached, 7)
  const strip = ({cached: _c, parsed: _p, ...rest}: Record<string, unknown>) => rest
  t.deepEqual(strip(cached), strip(fresh))
})

test.serial('a damaged cache file is ignored and rewritten', async (t) => {
  const cacheRoot = join(env.XDG_CACHE_HOME!, 'tck', 'bitbake')
  const dir = join(cacheRoot, readdirSync(cacheRoot)[0])
  writeFileSync(join(dir, 'index.json'), '{"schema": 3, "configKey": "x", truncated')
  t.like(await parse(), {parsed: 7, cached: 0})
  t.like(await parse(), {parsed: 0, cached: 7})
})
