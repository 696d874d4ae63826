/**
 * Checkpoints of the target root: restoring one gives back the exact root (the digest of every
 * file, every link and mode), whatever happened to the root since; a damaged checkpoint restores
 * nothing; and a merge a crash cut short is finished by the next command.
 */
import test from 'ava'
import {existsSync, mkdirSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {mergePackage, readManifest, recoverRoot} from '../../plugins/recipe-book/src/building/merge.js'
import {tempDir} from '../helpers/cli.js'
import {bookEnv, bookProject, rootOf, tck, treeDigest} from './helpers.js'

test.serial('restore gives back the exact root; a checkpoint damaged through a hardlink restores nothing', async (t) => {
  const env = await bookEnv()
  const project = bookProject()
  t.is((await tck(['book', 'build', 'greet'], {cwd: project, env})).code, 0)
  const root = rootOf(project)
  const atGreet = treeDigest(root)
  const created = await tck(['book', 'checkpoint', 'create', '--json'], {cwd: project, env})
  t.is(created.code, 0, created.stderr)
  const checkpoint = JSON.parse(created.stdout)
  t.is(checkpoint.name, 'after-greet-doc')
  t.deepEqual(checkpoint.packages, ['base-files', 'libgreet', 'greet', 'greet-doc'])
  t.is(checkpoint.methods.copy, 0, 'hardlinks or reflinks, not copies, on one filesystem')

  // The root moves on: more packages merged, a file removed, one added.
  t.is((await tck(['book', 'build', 'world'], {cwd: project, env})).code, 0)
  rmSync(join(root, 'usr/bin/greet'))
  writeFileSync(join(root, 'etc/motd'), 'hello\n')
  t.notDeepEqual(treeDigest(root), atGreet)

  const listed = await tck(['book', 'checkpoint', 'list'], {cwd: project, env})
  t.regex(listed.stdout, /^after-greet-doc {2}\S+ {2}\d+ files {2}4 packages/m)
  const restored = await tck(['book', 'checkpoint', 'restore', 'after-greet-doc'], {cwd: project, env})
  t.is(restored.code, 0, restored.stderr)
  t.deepEqual(treeDigest(root), atGreet)
  t.false(existsSync(join(project, '.tck/book/tiny/restoring.json')))

  // The next build merges again what came after the checkpoint, from the cache.
  const again = await tck(['book', 'build', 'world', '--json'], {cwd: project, env})
  t.is(again.code, 0, again.stderr)
  t.true(JSON.parse(again.stdout).report.metrics.packages.every((row: {status: string}) => row.status === 'cached'))
  t.true(existsSync(join(root, 'usr/bin/tinysh')))

  // An edit in place writes through a hardlink into the checkpoint: restoring it now would not give back what was saved.
  t.is((await tck(['book', 'checkpoint', 'create', 'full'], {cwd: project, env})).code, 0)
  writeFileSync(join(root, 'etc/issue'), 'edited in place\n', {flag: 'r+'})
  const refused = await tck(['book', 'checkpoint', 'restore', 'full'], {cwd: project, env})
  t.is(refused.code, 5)
  t.regex(refused.stderr, /checkpoint full is damaged, so nothing was restored: \/etc\/issue changed/)
  t.is((await tck(['book', 'checkpoint', 'remove', 'full'], {cwd: project, env})).code, 0)
  t.notRegex((await tck(['book', 'checkpoint', 'list'], {cwd: project, env})).stdout, /^full /m)
})

test.serial('a merge cut short by a crash is finished from the journal before anything reads the root', async (t) => {
  const env = await bookEnv()
  const project = bookProject()
  t.is((await tck(['book', 'build', 'libgreet'], {cwd: project, env})).code, 0)
  const stateDir = join(project, '.tck/book/tiny')
  const manifest = await readManifest(stateDir, rootOf(project))
  const libgreet = manifest.packages.find((entry) => entry.key === 'libgreet')!
  // Into a second root: the journal is written, one file is in, then the process dies.
  const other = join(tempDir('tck-book-root-'), 'root')
  mkdirSync(join(other, 'usr/lib'), {recursive: true})
  writeFileSync(join(other, 'usr/lib/libgreet.so.1'), 'half')
  writeFileSync(join(stateDir, 'merging.json'), JSON.stringify({key: 'libgreet', digest: libgreet.digest, root: other}))
  t.is(await recoverRoot(stateDir), 'libgreet')
  t.deepEqual(treeDigest(other), Object.fromEntries(Object.entries(treeDigest(rootOf(project))).filter(([path]) => !path.startsWith('etc') && path !== 'usr/bin')))
  t.false(existsSync(join(stateDir, 'merging.json')))
  t.deepEqual((await readManifest(stateDir, other)).packages.map((entry) => entry.key), ['libgreet'])
  t.false((await mergePackage(stateDir, other, 'libgreet', libgreet.digest)).merged, 'merging it again changes nothing')
})
