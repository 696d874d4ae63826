/** Several builds of one project in one process, as a plugin command or a long-lived tool runs them through the runtime API. */
import test from 'ava'
import {readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {runtime} from '../../core/runtime.js'
import {tempDir} from '../helpers/cli.js'

const tckRoot = new URL('../..', import.meta.url).pathname
process.env.XDG_CACHE_HOME = tempDir('tck-cache-')

test('each build restores outputs through the staging area, which an earlier build of this process never removes', async (t) => {
  const dir = tempDir('tck-project-')
  writeFileSync(join(dir, 'tck.config.json'), JSON.stringify({tasks: {gen: {run: 'mkdir -p out && echo made > out/x', outputs: ['out/x']}}}))
  const build = async () => {
    const host = await runtime.engine.createHost({root: tckRoot, dataDir: tempDir('tck-data-')}, {cwd: dir})
    return runtime.engine.build(host, {targets: [], keepGoing: false, stdio: 'pipe'})
  }
  t.true((await build()).ok)
  for (const round of [1, 2]) {
    rmSync(join(dir, 'out'), {recursive: true})
    const again = await build()
    t.deepEqual(again.errors.map((error) => error.message), [], `round ${round}`)
    t.is(again.outcomes[0].status, 'cached', `round ${round}`)
    t.is(readFileSync(join(dir, 'out/x'), 'utf8'), 'made\n')
  }
})
