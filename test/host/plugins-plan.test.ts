/** What each name given to `tck plugins add` means, with the registry's answer given by the test. */
import test from 'ava'
import {planAdd} from '../../core/plugins/add.js'
import {shippedPlugins} from '../../core/plugins/catalog.js'
import type {Published} from '../../core/plugins/registry.js'
import {repoRoot} from '../helpers/cli.js'

const catalog = shippedPlugins(repoRoot)

function plan(spec: string, answer: Published = {missing: true}, offline = false) {
  const asked: string[] = []
  const result = planAdd(spec, catalog, {offline, published: async (name) => (asked.push(name), answer)})
  return result.then((value) => ({...value, asked}))
}

test('a short name or the full first-party name is the shipped plugin when the registry has nothing newer', async (t) => {
  for (const answer of [{missing: true}, {version: '0.1.0'}, {version: '0.0.9'}] as Published[]) {
    const result = await plan('clang', answer)
    t.like(result, {action: 'link', asked: ['@tck/plugin-compiler-clang']}, JSON.stringify(answer))
    t.is(result.note, undefined)
  }
  t.like(await plan('@tck/plugin-compiler-clang'), {action: 'link'})
})

test('a newer release on the registry is installed, with a note and the shipped one to fall back on', async (t) => {
  t.like(await plan('clang', {version: '0.2.0'}), {action: 'install', spec: '@tck/plugin-compiler-clang@0.2.0', version: '0.2.0', fallback: true})
  t.regex((await plan('clang', {version: '0.2.0'})).note!, /0\.2\.0 on your npm registry is newer than the 0\.1\.0 shipped with tck/)
})

test('an unreachable registry adds the shipped plugin and says so; offline asks nothing', async (t) => {
  const unreachable = await plan('tcc', {unreachable: 'ECONNREFUSED'})
  t.like(unreachable, {action: 'link'})
  t.regex(unreachable.note!, /did not answer \(ECONNREFUSED\)/)
  t.like(await plan('tcc', {version: '9.0.0'}, true), {action: 'link', asked: []})
})

test('a version asks the registry for exactly that, with no fallback', async (t) => {
  t.like(await plan('clang@0.1.5'), {action: 'install', spec: '@tck/plugin-compiler-clang@0.1.5', asked: []})
  t.is((await plan('clang@0.1.5')).fallback, undefined)
  t.like(await plan('@tck/plugin-compiler-clang@next'), {action: 'install', spec: '@tck/plugin-compiler-clang@next'})
})

test('bundled plugins need no adding; full names, paths and URLs go to oclif as given', async (t) => {
  t.like(await plan('gcc'), {action: 'bundled', asked: []})
  for (const spec of ['@acme/tck-plugin-lint', '@acme/tck-plugin-lint@1.2.3', 'file:/tmp/plugin.tgz', 'https://example.invalid/p.tgz', 'someone/some-plugin']) {
    t.like(await plan(spec), {action: 'install', spec, asked: []}, spec)
  }
})

test('a bare name that is no short name is refused before the registry is asked', async (t) => {
  for (const spec of ['cache', 'lodash', 'clang-format', 'biuld']) {
    const error = await t.throwsAsync(plan(spec))
    t.regex(error!.message, new RegExp(`no first-party plugin is called "${spec}"`))
  }
  t.regex((await t.throwsAsync(plan('cahce-http')))!.message, /cahce-http/)
  t.regex(((await t.throwsAsync(plan('cahce-http'))) as {hint?: string}).hint!, /Did you mean `tck plugins add cache-http`\?/)
})
