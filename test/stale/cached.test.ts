/** A fully cached rebuild starts no process: the keys, compilers included, come from recorded facts. */
import test from 'ava'
import {execFileSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {isolatedEnv, tckBin, tempDir} from '../helpers/cli.js'
import {copyFixture} from '../helpers/project.js'

test('a cached rebuild of fixtures/hello execs nothing but tck itself (strace)', (t) => {
  try {
    execFileSync('strace', ['-V'])
  } catch {
    t.fail('strace is not installed: apt-get install strace')
  }
  const dir = copyFixture('hello')
  const env = isolatedEnv()
  execFileSync(process.execPath, [tckBin, 'build', 'link', '--cwd', dir], {env})
  const log = join(tempDir('tck-strace-'), 'execve.log')
  execFileSync('strace', ['-f', '-qq', '-e', 'trace=execve', '-o', log, process.execPath, tckBin, 'build', 'link', '--cwd', dir], {env})
  const execs = readFileSync(log, 'utf8').split('\n').filter((line) => /execve\(/.test(line) && !/= -1 /.test(line))
  t.is(execs.length, 1, execs.join('\n'))
  t.true(execs[0].includes(process.execPath))
})
