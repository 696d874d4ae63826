import test from 'ava'
import {describeChange, describeChanges, diffParts, explainChanges, transition} from '../../core/explain/diff.js'
import {lookupIn} from '../../core/explain/explanation.js'
import {mergeManifests, type KeyManifest, type ManifestStore} from '../../core/explain/manifest.js'
import type {KeyPart} from '../../core/contracts/task.js'

const digestA = 'a'.repeat(64)
const digestB = 'b'.repeat(64)

/** Parts written as `kind:name` labels, the way explain names them (`outputs-of:` was the old name of `dep-outputs:`). */
const typed = (pairs: Array<[string, string]>): KeyPart[] => pairs.map(([label, value]) => {
  const colon = label.indexOf(':')
  const kind = colon < 0 ? label : label.slice(0, colon)
  return {kind: kind === 'outputs-of' ? 'dep-outputs' : kind, name: colon < 0 ? label : label.slice(colon + 1), value}
})
const manifest = (task: string, key: string, parts: Array<[string, string]>): KeyManifest => ({task, key, parts: typed(parts), recordedAt: '2026-01-01T00:00:00.000Z'})

test('diffParts classifies changed, added and removed parts by what they name', (t) => {
  const changes = diffParts(typed(
    [['command', '"make"'], ['env:CC', 'gcc'], ['input:src/a.c', digestA], ['input:src/old.c', digestA], ['toolchain', 'gcc-12']]), typed(
    [['command', '"make"'], ['env:CC', 'clang'], ['input:src/a.c', digestB], ['input:src/new.c', digestA], ['toolchain', 'gcc-12']]),
  )
  t.deepEqual(
    changes.map(({kind, name, change}) => `${change} ${kind} ${name}`),
    ['changed env CC', 'changed input src/a.c', 'added input src/new.c', 'removed input src/old.c'],
  )
  t.is(describeChange(changes[1]), 'file src/a.c: content changed (aaaaaaaaaaaa -> bbbbbbbbbbbb)')
  t.is(describeChange(changes[0]), 'environment variable CC: "gcc" -> "clang"')
})

test('a part a plugin adds twice is compared by position, not merged', (t) => {
  const changes = diffParts(typed([['flag', '-O2'], ['flag', '-g']]), typed([['flag', '-O2'], ['flag', '-g0']]))
  t.deepEqual(changes.map((change) => change.part), ['flag#2'])
  t.is(describeChange(changes[0]), 'key part flag#2 (added by a plugin): "-g" -> "-g0"')
})

test('explainChanges follows a changed dependency down to the file that changed, once', (t) => {
  const libOld = manifest('lib', 'k1', [['input:lib.c', digestA]])
  const libNew = manifest('lib', 'k2', [['input:lib.c', digestB]])
  const objOld = manifest('obj', 'o1', [['dep:lib', 'k1']])
  const objNew = manifest('obj', 'o2', [['dep:lib', 'k2']])
  const appOld = manifest('app', 'a1', [['dep:lib', 'k1'], ['dep:obj', 'o1'], ['outputs-of:obj', digestA]])
  const appNew = manifest('app', 'a2', [['dep:lib', 'k2'], ['dep:obj', 'o2'], ['outputs-of:obj', digestB]])
  const lookup = lookupIn({lib: libNew, obj: objNew}, {lib: libOld, obj: objOld})
  const changes = explainChanges(appOld, appNew, lookup)
  t.is(changes[0].because?.[0].name, 'lib.c')
  t.true(changes[1].because?.[0].explainedAbove)
  t.deepEqual(describeChanges(changes), [
    '  dependency lib changed (key k1 -> k2):',
    '    file lib.c: content changed (aaaaaaaaaaaa -> bbbbbbbbbbbb)',
    '  dependency obj changed (key o1 -> o2):',
    '    dependency lib changed (see above)',
  ])
})

test('a dependency whose earlier manifest is gone is named, not followed', (t) => {
  const changes = explainChanges(manifest('app', 'a1', [['dep:lib', 'k0']]), manifest('app', 'a2', [['dep:lib', 'k2']]), lookupIn({}))
  t.is(changes[0].because, undefined)
  t.regex(describeChange(changes[0]), /earlier manifest is no longer kept/)
})

test('mergeManifests keeps the previous key only when the key changes, and asks for no write on a full hit', (t) => {
  const store: ManifestStore = {current: {}, previous: {}}
  t.deepEqual(mergeManifests(store, [{...manifest('a', 'k1', []), status: 'built'}]), {changed: ['a'], dirty: true})
  t.deepEqual(mergeManifests(store, [{...manifest('a', 'k1', []), status: 'built'}]), {changed: [], dirty: false})
  t.deepEqual(mergeManifests(store, [{...manifest('a', 'k1', []), status: 'cached'}]), {changed: [], dirty: true})
  t.is(store.previous.a, undefined)
  t.deepEqual(mergeManifests(store, [{...manifest('a', 'k2', []), status: 'built'}]), {changed: ['a'], dirty: true})
  t.is(store.previous.a.key, 'k1')
  t.is(store.current.a.key, 'k2')
})

test('a long value shows only the part that changed, with some context', (t) => {
  const before = JSON.stringify({script: 'mkdir -p out && gcc -O2 -Wall -c src/main.c -o out/main.o && strip out/main.o'})
  const after = before.replace('-O2', '-O3')
  t.is(transition(before, after), '…dir -p out && gcc -O[-2-]{+3+} -Wall -c src/main.c…')
  t.is(transition('/usr/bin', '/opt/bin:/usr/bin'), '"/usr/bin" -> "/opt/bin:/usr/bin"')
  const path = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  t.is(transition(path, `/opt/cross/bin:${path}`), '/{+opt/cross/bin:/+}usr/local/sbin:/usr/…')
  t.is(transition(`${path}:/x`, path), '…:/usr/bin:/sbin:/bin[-:/x-]')
  t.is(describeChange({part: 'command', kind: 'command', name: 'command', change: 'changed', before, after}), `the command changed: ${transition(before, after)}`)
})

test('a program and the compiler behind it read as what changed about them', (t) => {
  const gcc = (version: string, cc1: string) => JSON.stringify({name: 'gcc', version, target: 'x86_64-linux-gnu', files: [['/usr/lib/gcc/cc1', cc1]]})
  const changes = diffParts(
    typed([['tool:cc', `/usr/bin/gcc-12 ${digestA}`], ['compiler:cc', gcc('12.2.0', digestA)], ['tool:./gen', '/p/gen ' + digestA], ['tool:ld', 'not found']]),
    typed([['tool:cc', `/usr/bin/gcc-13 ${digestB}`], ['compiler:cc', gcc('13.1.0', digestB)], ['tool:./gen', '/p/gen ' + digestB], ['tool:ld', `/usr/bin/ld ${digestA}`]]),
  )
  t.deepEqual(changes.map(describeChange), [
    'program cc: now /usr/bin/gcc-13 (was /usr/bin/gcc-12)',
    'compiler behind cc: gcc 12.2.0 -> gcc 13.1.0; its files changed (/usr/lib/gcc/cc1)',
    'program ./gen: /p/gen changed content (aaaaaaaaaaaa -> bbbbbbbbbbbb)',
    'program ld: now found, /usr/bin/ld',
  ])
  t.deepEqual(changes.map((change) => change.kind), ['tool', 'compiler', 'tool', 'tool'])
})
