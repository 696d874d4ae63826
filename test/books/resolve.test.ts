/** Resolution and plans: order, chains, config switches, versions picked, and clear errors for conflicts, cycles and missing packages. */
import test from 'ava'
import {loadBook} from '../../plugins/recipe-book/src/book/parse.js'
import {BookIndex, type Selection} from '../../plugins/recipe-book/src/resolve/index.js'
import {orderPlan} from '../../plugins/recipe-book/src/resolve/plan.js'
import {resolve} from '../../plugins/recipe-book/src/resolve/resolve.js'
import {fixtures} from './helpers.js'

const defaults: Selection = {recommended: true, optional: false, providers: {}}

async function planOf(text: string, targets: string[], selection: Partial<Selection> = {}) {
  const index = new BookIndex(await loadBook('/nowhere', 'test.book', `---\nbook: test\n---\n${text}`))
  return orderPlan(index, resolve(index, targets, {...defaults, ...selection}))
}

const pkg = (name: string, version: string, depends = '', extra = '') => `---\nname: ${name}\nversion: '${version}'\n${depends ? `depends: ${depends}\n` : ''}${extra}---\ntrue\n`

test('the tiny book: an order that meets every build dependency, in book order where it can, with the chain of each package', async (t) => {
  const index = new BookIndex(await loadBook(fixtures, 'tiny/book.yaml'))
  const plan = orderPlan(index, resolve(index, ['world'], defaults))
  t.deepEqual(
    plan.items.map((item) => item.key),
    ['base-files', 'libgreet', 'greet', 'greet-doc', 'libcount', 'count', 'tinysh:1', 'libline', 'tinysh', 'world'],
  )
  const byKey = new Map(plan.items.map((item) => [item.key, item]))
  t.deepEqual(byKey.get('libline')!.chain, ['world', 'tinysh', 'libline'])
  t.is(byKey.get('greet-doc')!.via, 'runtime')
  t.is(byKey.get('tinysh:1')!.via, 'earlier pass')
  for (const [position, item] of plan.items.entries()) {
    for (const edge of item.edges.filter((candidate) => candidate.order === 'build')) {
      t.true(plan.items.findIndex((other) => other.key === edge.to) < position, `${edge.to} comes before ${item.key}`)
    }
  }
  t.false(byKey.has('colors'), 'an optional dependency is off by default')
})

test('config switches optional and recommended dependencies, by name or for one package', async (t) => {
  const index = new BookIndex(await loadBook(fixtures, 'tiny/book.yaml'))
  const keys = (selection: Partial<Selection>) => orderPlan(index, resolve(index, ['count'], {...defaults, ...selection})).items.map((item) => item.key)
  t.true(keys({optional: ['colors']}).includes('colors'))
  t.true(keys({optional: ['count/colors']}).includes('colors'))
  t.true(keys({optional: true}).includes('colors'))
  t.false(keys({optional: ['greet/colors']}).includes('colors'))
  const recommended = `${pkg('a', '1', '{recommended: [b]}')}${pkg('b', '1')}`
  t.deepEqual((await planOf(recommended, ['a'])).items.map((item) => item.key), ['b', 'a'])
  t.deepEqual((await planOf(recommended, ['a'], {recommended: false})).items.map((item) => item.key), ['a'])
})

test('the newest version that meets every constraint is picked; a conflict names each chain that causes it', async (t) => {
  const book = `${pkg('app', '1', '{required: [left, right]}')}${pkg('left', '1', '{required: ["z >= 2"]}')}${pkg('right', '1', '{required: ["z < 3"]}')}${pkg('z', '1.5')}${pkg('z', '2.4')}${pkg('z', '3.1')}`
  const plan = await planOf(book, ['app'])
  t.is(plan.items.find((item) => item.pkg.name === 'z')!.pkg.version, '2.4')
  const conflict = `${pkg('app', '1', '{required: [left, right]}')}${pkg('left', '1', '{required: ["z >= 2"]}')}${pkg('right', '1', '{required: [mid]}')}${pkg('mid', '1', '{required: ["z < 2"]}')}${pkg('z', '1.5')}${pkg('z', '2.4')}`
  const error = await t.throwsAsync(planOf(conflict, ['app']))
  t.is((error as {code?: string}).code, 'GRAPH_INVALID')
  t.is(error!.message, 'version conflict on z: the book has 2.4, 1.5, and no version meets every constraint:\n  app -> left needs z >= 2\n  app -> right -> mid needs z < 2')
})

test('a cycle is printed in full with the kind of each link, and a first pass breaks it', async (t) => {
  const cycle = `${pkg('a', '1', '{required: [b]}')}${pkg('b', '1', '{recommended: [c]}')}${pkg('c', '1', '{required: [a]}')}`
  const error = await t.throwsAsync(planOf(cycle, ['a']))
  t.is(error!.message, 'dependency cycle in book test: a -> b (required) -> c (recommended) -> a (required)')
  t.regex((error as {hint?: string}).hint!, /first pass/)
  const broken = `${pkg('a', '1', '{required: [b]}', 'pass: 1\n')}${pkg('a', '1', '{required: [b]}', 'pass: 2\n')}${pkg('b', '1', '{required: ["a:1"]}')}`.replace("depends: {required: [b]}\npass: 1", 'pass: 1')
  t.deepEqual((await planOf(broken, ['a'])).items.map((item) => item.key), ['a:1', 'b', 'a'])
})

test('a missing package is an error naming the chain, unless it is only recommended; a virtual name goes to its provider', async (t) => {
  const missing = await t.throwsAsync(planOf(`${pkg('a', '1', '{required: [b]}')}${pkg('b', '1', '{required: [zlibb]}')}${pkg('zlib', '1')}`, ['a']))
  t.is(missing!.message, 'missing dependency: a -> b -> zlibb: the book has no package zlibb')
  t.regex((missing as {hint?: string}).hint!, /Did you mean zlib/)
  const soft = await planOf(`${pkg('a', '1', '{recommended: [nothing]}')}`, ['a'])
  t.deepEqual(soft.warnings, ['a -> nothing: the book has no package nothing (recommended, skipped)'])
  const virtual = `${pkg('a', '1', '{required: [mta]}')}${pkg('exim', '4', '', 'provides: [mta]\n')}${pkg('postfix', '3', '', 'provides: [mta]\n')}`
  t.deepEqual((await planOf(virtual, ['a'])).items.map((item) => item.key), ['exim', 'a'])
  t.deepEqual((await planOf(virtual, ['a'], {providers: {mta: 'postfix'}})).items.map((item) => item.key), ['postfix', 'a'])
})
