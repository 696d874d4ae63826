/**
 * The decompressor's exit is waited for, not raced: a program that has written its last byte may
 * not have exited yet, and stopping it then failed a good archive ("zstd: exit 1") on a loaded
 * machine. The real zstd runs here, wrapped so that it closes its output a moment before it exits.
 */
import test from 'ava'
import {chmodSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {execFileSync} from 'node:child_process'
import {extractArchive} from '../../core/io/extract.js'
import {tempDir} from '../helpers/cli.js'
import {requireProgram} from '../helpers/programs.js'
import {compressWith, tar, writeArchive} from './archives.js'

test('a tar.zst whose zstd (the real one, wrapped) exits a moment after its last byte extracts', async (t) => {
  if (!requireProgram(t, 'zstd', 'zstd')) return
  const real = execFileSync('sh', ['-c', 'command -v zstd'], {encoding: 'utf8'}).trim()
  const wrapper = tempDir()
  writeFileSync(join(wrapper, 'zstd'), `#!/bin/sh\n${real} "$@"\nstatus=$?\nexec 1>&-\nsleep 0.5\nexit $status\n`)
  chmodSync(join(wrapper, 'zstd'), 0o755)
  process.env.PATH = `${wrapper}:${process.env.PATH}`
  const file = writeArchive(join(tempDir(), 'slow.tar.zst'), compressWith('zstd', tar([{name: 'pkg/', type: 'dir'}, {name: 'pkg/a.txt', body: 'a\n'}])))
  const destination = join(tempDir(), 'out')
  await extractArchive(file, destination)
  t.is(readFileSync(join(destination, 'pkg/a.txt'), 'utf8'), 'a\n')
})
