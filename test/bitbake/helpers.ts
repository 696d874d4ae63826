/** Shared by the BitBake tests: a python worker for datastore-level checks, and the fixture layers. */
import {cpSync, existsSync} from 'node:fs'
import {join} from 'node:path'
import {PythonWorker} from '../../plugins/recipe-bitbake/src/python/worker.js'
import {FileCache} from '../../plugins/recipe-bitbake/src/syntax/file-cache.js'
import {repoRoot, tempDir} from '../helpers/cli.js'

export const python3 = '/usr/bin/python3'

/** BitBake evaluates metadata python with the system python; say which package brings it. */
export function requirePython(): void {
  if (!existsSync(python3)) throw new Error('these tests need /usr/bin/python3: install the Debian package python3')
}

/** A worker to run python against fresh datastores (`d`), leaving answers in `result`. */
export function pythonWorker(env: NodeJS.ProcessEnv = process.env) {
  requirePython()
  const worker = new PythonWorker({env: {PATH: env.PATH, HOME: env.HOME, LANG: 'C.UTF-8'}, files: new FileCache(), timeoutMs: 30_000})
  return {
    run: async (code: string) => (await worker.request('run_python', {code})).result.result,
    close: () => worker.close(),
  }
}

/** A copy of fixtures/bitbake (layers and a build directory), private to one test file. */
export function fixtureTree(): {root: string; build: string} {
  const root = tempDir('tck-bitbake-')
  cpSync(join(repoRoot, 'fixtures', 'bitbake'), root, {recursive: true})
  return {root, build: join(root, 'build')}
}
