import test from 'ava'
import {isolatedEnv, tck} from '../helpers/cli.js'
import {projectWith} from '../helpers/project.js'

const config = `export default {
  tasks: {
    a: {run: 'mkdir -p out && head -c 300000 /dev/urandom > out/a', outputs: ['out/a']},
    b: {run: 'mkdir -p out && head -c 300000 /dev/urandom > out/b', outputs: ['out/b']},
  },
}
`

test('tck cache gc shrinks the local level to --max-size, tck cache clear empties it, --json throughout', async (t) => {
  const dir = projectWith({'tck.config.mjs': config})
  const env = isolatedEnv()
  t.is((await tck(['build'], {cwd: dir, env})).code, 0)
  const stats = async () => JSON.parse((await tck(['cache', 'stats', '--json'], {cwd: dir, env})).stdout).levels[0]
  const before = await stats()
  t.is(before.entries, 4, 'two blobs and two action results')
  t.true(before.bytes > 600_000)

  const gc = await tck(['cache', 'gc', '--max-size', '400K', '--json'], {cwd: dir, env})
  t.is(gc.code, 0, gc.stderr)
  const collected = JSON.parse(gc.stdout)
  t.is(collected.maxBytes, 400 * 1024)
  t.true(collected.levels[0].removed >= 1)
  t.true((await stats()).bytes <= 400 * 1024)

  const cleared = await tck(['cache', 'clear'], {cwd: dir, env})
  t.regex(cleared.stdout, /: cleared/)
  t.like(await stats(), {entries: 0, bytes: 0, hits: 0, misses: 0})
})

test('a size tck cannot read is a usage error with an example, not a stack trace', async (t) => {
  const {code, stderr} = await tck(['cache', 'gc', '--max-size', '2 parsecs'], {env: isolatedEnv()})
  t.is(code, 2)
  t.is(stderr, 'tck: error: --max-size: "2 parsecs" is not a size\n  Write it like 2G, 500M, 1.5GiB or a number of bytes.\n')
})

test('a cache level whose provider is not installed names the plugin to add', async (t) => {
  const dir = projectWith({'tck.config.mjs': `export default {cache: {levels: [{provider: 'fs'}, {provider: 'http', url: 'http://127.0.0.1:9/'}]}}\n`})
  const {code, stderr} = await tck(['cache', 'stats'], {cwd: dir, env: isolatedEnv()})
  t.is(code, 4)
  t.regex(stderr, /cache\.levels\[1\]: no cache provider named "http"\n  Add the plugin that provides it, e\.g\. tck plugins add cache-http/)
})

test('a bad cache level setting is a configuration error naming the entry, not a plugin failure', async (t) => {
  const dir = projectWith({'tck.config.mjs': `export default {cache: {levels: [{provider: 'fs', dir: '/tmp', compression: 'lz4'}]}, tasks: {a: {run: 'true'}}}\n`})
  const {code, stderr} = await tck(['build'], {cwd: dir, env: isolatedEnv()})
  t.is(code, 3)
  t.is(stderr, `tck: error: cache.levels[0]: cache level {provider: 'fs'} "compression" must be "zstd" or "none", not "lz4"\n  Example: cache: {levels: [{provider: 'fs', dir: '/var/cache/tck'}]}\n`)
})

test('a misspelt cache level option is named, not ignored in favour of the default', async (t) => {
  const dir = projectWith({'tck.config.mjs': `export default {cache: {levels: [{provider: 'fs', directory: '/tmp/x'}]}, tasks: {a: {run: 'true'}}}\n`})
  const {code, stderr} = await tck(['build'], {cwd: dir, env: isolatedEnv()})
  t.is(code, 3)
  t.is(stderr, 'tck: error: cache.levels[0].directory: the "fs" provider has no option "directory"\n  Its options: readOnly, dir, compression, level.\n')
})
