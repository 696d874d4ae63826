/** SHA-256 (node's OpenSSL, the content digest of the store and of downloads) against sha256sum. */
import test from 'ava'
import {execFileSync} from 'node:child_process'
import {randomBytes} from 'node:crypto'
import {readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {sha256, sha256File} from '../../core/io/digest.js'
import {tempDir} from '../helpers/cli.js'
import {requireProgram} from '../helpers/programs.js'

const dir = tempDir('tck-hash-')
test.after.always(() => rmSync(dir, {recursive: true, force: true}))
// Empty, one byte, and odd sizes below and well above the 4 MiB read buffer.
const samples = {empty: 0, byte: 1, odd: (1 << 20) + 3, big: (17 << 20) + 5}
for (const [name, size] of Object.entries(samples)) writeFileSync(join(dir, name), randomBytes(size))

const firstField = (command: string, args: string[]) => execFileSync(command, args, {encoding: 'utf8'}).split(/\s+/)[0]

test('SHA-256 of files agrees with sha256sum', async (t) => {
  for (const name of Object.keys(samples)) {
    const path = join(dir, name)
    t.is(await sha256File(path), firstField('sha256sum', [path]), name)
  }
})

test('SHA-256 of strings and bytes agrees with sha256sum', (t) => {
  const text = 'héllo, wörld\n'
  t.is(sha256(text), execFileSync('sha256sum', {input: text, encoding: 'utf8'}).split(' ')[0])
  const bytes = readFileSync(join(dir, 'odd'))
  t.is(sha256(bytes), firstField('sha256sum', [join(dir, 'odd')]))
})
