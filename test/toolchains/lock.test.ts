import test from 'ava'
import {execFileSync, spawn} from 'node:child_process'
import {readFileSync, writeFileSync} from 'node:fs'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {acquireLock} from '../../core/io/lock.js'
import {repoRoot, tempDir} from '../helpers/cli.js'

test('a second holder waits, then times out naming the holder', async (t) => {
  const path = join(tempDir(), 'x.lock')
  const lock = await acquireLock(path)
  const error = await t.throwsAsync(acquireLock(path, {timeoutMs: 300}))
  t.is((error as any).code, 'LOCK_TIMEOUT')
  t.regex(error!.message, new RegExp(`held by process ${process.pid}`))
  await lock.release()
  const again = await acquireLock(path, {timeoutMs: 300})
  await again.release()
})

test('a lock whose holder died is recovered', async (t) => {
  const path = join(tempDir(), 'x.lock')
  const dead = Number(execFileSync(process.execPath, ['-p', 'process.pid'], {encoding: 'utf8'}).trim())
  writeFileSync(path, JSON.stringify({pid: dead, host: hostname(), token: 'old', createdAt: new Date().toISOString()}))
  const lock = await acquireLock(path, {timeoutMs: 2000})
  t.is(JSON.parse(readFileSync(path, 'utf8')).pid, process.pid)
  await lock.release()
})

test('four processes take the lock one at a time', async (t) => {
  const dir = tempDir()
  const log = join(dir, 'log')
  writeFileSync(log, '')
  const script = `
    import {appendFileSync} from 'node:fs'
    import {acquireLock} from ${JSON.stringify(join(repoRoot, 'core/io/lock.ts'))}
    const lock = await acquireLock(${JSON.stringify(join(dir, 'shared.lock'))})
    appendFileSync(${JSON.stringify(log)}, 'in ' + process.pid + '\\n')
    await new Promise((resolve) => setTimeout(resolve, 150))
    appendFileSync(${JSON.stringify(log)}, 'out ' + process.pid + '\\n')
    await lock.release()
  `
  const runs = Array.from({length: 4}, () =>
    new Promise<number>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {cwd: repoRoot, stdio: 'inherit'})
      child.on('close', (code) => resolve(code ?? 1))
    }),
  )
  t.deepEqual(await Promise.all(runs), [0, 0, 0, 0])
  const lines = readFileSync(log, 'utf8').trim().split('\n')
  t.is(lines.length, 8)
  for (let index = 0; index < lines.length; index += 2) {
    const pid = lines[index].split(' ')[1]
    t.deepEqual([lines[index], lines[index + 1]], [`in ${pid}`, `out ${pid}`], 'no two holders overlap')
  }
})
