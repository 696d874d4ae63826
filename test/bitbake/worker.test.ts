/** The python worker's lifetime: what arrives after it was told to close is dropped, never a crash of tck. */
import test from 'ava'
import {setTimeout as sleep} from 'node:timers/promises'
import {PythonWorker} from '../../plugins/recipe-bitbake/src/python/worker.js'
import type {FileCache} from '../../plugins/recipe-bitbake/src/syntax/file-cache.js'
import {requirePython} from './helpers.js'

test('a file asked for after close() gets no answer and no write-after-end error', async (t) => {
  requirePython()
  const worker = new PythonWorker({env: process.env, files: {get: () => undefined} as unknown as FileCache})
  const uncaught: Error[] = []
  const record = (error: Error) => uncaught.push(error)
  process.on('uncaughtException', record)
  try {
    const closing = worker.close()
    // The worker's ask crossing close() on a loaded machine: the line arrives after stdin ended.
    ;(worker as unknown as {received(line: string): void}).received(JSON.stringify({ask: 1, path: '/no/such.conf'}))
    await closing
    await sleep(50)
    t.deepEqual(uncaught.map((error) => error.message), [])
    await t.throwsAsync(worker.request('parse', {}), {message: /not running/})
  } finally {
    process.off('uncaughtException', record)
  }
})
