/** What one build remembers of the files compilers read (core/engine/scans.ts): never more than is true. */
import test from 'ava'
import {rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {sha256} from '../../core/io/digest.js'
import {ReadsSeen} from '../../core/engine/scans.js'
import {tempDir} from '../helpers/cli.js'

const VOLATILE = ['__TIME__', '__DATE__']
const pattern = /(?<![\w$])(__TIME__|__DATE__)(?![\w$])/

test('a header\'s directives and words are remembered by its content, so an edit is read again', (t) => {
  const seen = new ReadsSeen()
  const path = join(tempDir(), 'h.h')
  const one = '#include <a.h>\n#include "b.h"\n'
  writeFileSync(path, one)
  t.deepEqual(seen.directives(path, sha256(one)), [{quoted: false, name: 'a.h'}, {quoted: true, name: 'b.h'}])
  t.is(seen.uses(path, sha256(one), VOLATILE, pattern), undefined)
  const two = '#include <c.h>\nconst char *when = __DATE__;\n'
  writeFileSync(path, two)
  t.deepEqual(seen.directives(path, sha256(two)), [{quoted: false, name: 'c.h'}])
  t.is(seen.uses(path, sha256(two), VOLATILE, pattern), '__DATE__')
  t.deepEqual(seen.directives(path, sha256(one)), [{quoted: false, name: 'a.h'}, {quoted: true, name: 'b.h'}], 'the first content is still known by its digest')
})

test('what a file says is not remembered under a digest its bytes do not have', (t) => {
  const seen = new ReadsSeen()
  const path = join(tempDir(), 'h.h')
  const digested = '#include <old.h>\n'
  writeFileSync(path, '#include <new.h>\n') // edited after the digest was taken
  t.deepEqual(seen.directives(path, sha256(digested)), [{quoted: false, name: 'new.h'}], 'what the file says now')
  writeFileSync(path, digested)
  t.deepEqual(seen.directives(path, sha256(digested)), [{quoted: false, name: 'old.h'}], 'read again, not taken from the memo')
})

test('absence is remembered, presence is looked at again', (t) => {
  const seen = new ReadsSeen()
  const path = join(tempDir(), 'shadow.h')
  writeFileSync(path, '')
  t.false(seen.absent(path))
  rmSync(path)
  t.true(seen.absent(path), 'a name found present once is stat-ed again')
  writeFileSync(path, '')
  t.true(seen.absent(path), 'found absent in this build: a later compile would have read it, so the next build checks again')
})
