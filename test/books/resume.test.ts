/**
 * A book build killed with SIGKILL in the middle — tck and the package scripts it started, as a
 * crash or a power cut would — and then `tck book build --resume`: it finishes, and no package
 * that had finished before the kill is built again.
 */
import test from 'ava'
import {spawn} from 'node:child_process'
import {existsSync, readFileSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {tckBin, tempDir} from '../helpers/cli.js'
import {bookEnv, bookProject, editFile, progressOf, rootOf, runInRoot, tck} from './helpers.js'

/** The process and every process below it, from /proc. */
function processTree(root: number): number[] {
  const children = new Map<number, number[]>()
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const parent = Number(readFileSync(`/proc/${entry}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[1])
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)])
    } catch {}
  }
  const found = [root]
  for (let index = 0; index < found.length; index++) found.push(...(children.get(found[index]) ?? []))
  return found
}

test('killed with SIGKILL mid-build, --resume finishes without building any finished package again', async (t) => {
  const env = await bookEnv()
  const project = bookProject()
  const mark = join(tempDir('tck-book-mark-'), 'libline-started')
  // The first time libline builds, it says so and hangs, so the kill lands while it runs; the script is the same both times.
  editFile(join(project, 'packages/09-libline.pkg'), (text) => text.replace('make built-with.h', `if [ ! -e ${mark} ]; then touch ${mark}; sleep 600; fi\nmake built-with.h`))

  const child = spawn(process.execPath, [tckBin, 'book', 'build', '-j', '2'], {cwd: project, env, stdio: ['ignore', 'pipe', 'pipe']})
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  child.stdout.resume()
  const statePath = join(project, '.tck/book/tiny/state.json')
  const merged = () => (existsSync(statePath) ? Object.keys(JSON.parse(readFileSync(statePath, 'utf8')).packages) : [])
  // Everything before libline in plan order finishes while libline hangs.
  for (let waited = 0; !(existsSync(mark) && merged().includes('tinysh:1')); waited += 100) {
    if (waited > 120_000 || child.exitCode !== null) throw new Error(`the build never reached libline:\n${stderr}`)
    await sleep(100)
  }
  const before = merged()
  for (const pid of processTree(child.pid!)) {
    try {
      process.kill(pid, 'SIGKILL')
    } catch {}
  }
  await new Promise((resolve) => child.once('close', resolve))
  t.is(child.signalCode, 'SIGKILL')
  for (const name of readdirSync(tmpdir()).filter((entry) => entry.startsWith('tck-book-libline.'))) rmSync(join(tmpdir(), name), {recursive: true, force: true})

  const firstRun = progressOf({code: 0, stdout: '', stderr})
  const finished = Object.entries(firstRun).filter(([, status]) => status === 'built').map(([key]) => key)
  t.true(finished.length >= 2, stderr)
  t.false(finished.includes('libline'))
  t.deepEqual(JSON.parse(readFileSync(statePath, 'utf8')).ok, undefined, 'the state says the build did not finish')
  t.true(before.every((key) => finished.includes(key)), 'what the state had merged had finished')

  const resumed = await tck(['book', 'build', '--resume'], {cwd: project, env})
  t.is(resumed.code, 0, resumed.stderr)
  t.regex(resumed.stderr, /\(resumed\)/)
  const second = progressOf(resumed)
  for (const key of finished) t.is(second[key], 'cached', `${key} finished before the kill and is not built again`)
  t.is(second.libline, 'built')
  t.is(second.world, 'built')
  t.is(Object.keys({...firstRun, ...second}).length, 11)
  t.regex(runInRoot(rootOf(project), 'usr/bin/tinysh', ['--version']), /libline 2\.0/)
  t.true(JSON.parse(readFileSync(statePath, 'utf8')).ok)

  const nothing = await tck(['book', 'build', '--resume'], {cwd: project, env})
  t.is(nothing.code, 2)
  t.regex(nothing.stderr, /there is nothing to resume/)
})
