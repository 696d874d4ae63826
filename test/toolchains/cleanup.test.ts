import test from 'ava'
import {mkdirSync, readdirSync, utimesSync} from 'node:fs'
import {join} from 'node:path'
import {cleanup, parseDuration, parseSize, planCleanup} from '../../core/toolchains/cleanup.js'
import type {InstalledToolchain} from '../../core/toolchains/registry.js'
import {tempDir} from '../helpers/cli.js'

const day = 86_400_000
const now = Date.parse('2026-01-31T00:00:00Z')
const toolchain = (key: string, daysIdle: number, size: number, projects: string[] = []): InstalledToolchain => ({
  key, name: key, version: '1', platform: 'linux-x64', source: 'http', layout: {bin: 'bin', compilers: {}}, details: {}, root: '/nowhere',
  installedAt: new Date(now - 100 * day).toISOString(), lastUsedAt: new Date(now - daysIdle * day).toISOString(), size, projects,
})

test('--older-than removes what was not used within the time', (t) => {
  const plan = planCleanup([toolchain('old', 40, 10), toolchain('new', 2, 10)], {olderThanMs: parseDuration('30d')}, now)
  t.deepEqual(plan.remove.map(({toolchain}) => toolchain.key), ['old'])
  t.deepEqual(plan.remove[0].reasons, ['last used 40 days ago'])
})

test('--unused removes toolchains no existing project uses', (t) => {
  const live = tempDir()
  const plan = planCleanup([toolchain('used', 1, 1, [live]), toolchain('gone', 1, 1, ['/no/such/project']), toolchain('never', 1, 1)], {unused: true}, now)
  t.deepEqual(plan.remove.map(({toolchain, reasons}) => [toolchain.key, reasons[0]]), [
    ['gone', 'every project that used it is gone'],
    ['never', 'no project uses it'],
  ])
})

test('--max-size removes the least recently used until the rest fits', (t) => {
  const plan = planCleanup([toolchain('a', 5, 600), toolchain('b', 1, 300), toolchain('c', 9, 300)], {maxBytes: parseSize('700')}, now)
  t.deepEqual(plan.remove.map(({toolchain}) => toolchain.key), ['a', 'c'])
  t.is(plan.freedBytes, 900)
  t.deepEqual(plan.keep.map((kept) => kept.key), ['b'])
})

test('sizes and durations parse with units; nonsense is a usage error', (t) => {
  t.is(parseSize('10G'), 10 * 1024 ** 3)
  t.is(parseSize('1.5GiB'), 1.5 * 1024 ** 3)
  t.is(parseSize('500M'), 500 * 1024 ** 2)
  t.is(parseDuration('12h'), 12 * 3_600_000)
  t.is((t.throws(() => parseSize('lots')) as any).code, 'USAGE')
  t.is((t.throws(() => planCleanup([], {}, now)) as any).code, 'USAGE')
})

test('leftovers of a crash older than an hour go: temp and trash dirs, and a toolchain dir without a readable record', async (t) => {
  const toolchains = tempDir()
  const downloads = tempDir()
  for (const name of ['.tmp-x-1', '.trash-y-2', 'broken-1.0-linux-x64-abc', 'fresh-tmp']) mkdirSync(join(toolchains, name))
  mkdirSync(join(toolchains, '.locks'))
  const hourAgo = new Date(Date.now() - 2 * 3_600_000)
  for (const name of ['.tmp-x-1', '.trash-y-2', 'broken-1.0-linux-x64-abc', '.locks']) utimesSync(join(toolchains, name), hourAgo, hourAgo)
  const plan = await cleanup({olderThanMs: parseDuration('30d')}, toolchains, Date.now(), downloads)
  t.deepEqual(plan.leftovers.sort(), ['.tmp-x-1', '.trash-y-2', 'broken-1.0-linux-x64-abc'].map((name) => join(toolchains, name)).sort())
  t.deepEqual(readdirSync(toolchains).sort(), ['.locks', 'fresh-tmp'])
})
